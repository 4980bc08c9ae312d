#!/usr/bin/env node
'use strict';
require('../out/src/cli/main')
  .main(process.argv.slice(2))
  .then((code) => process.exit(code));
