/** The file extensions of the formats decodeImage reads: sharp's, without SVG and the camera raw formats. No imports, so the extension host can read it without loading sharp. */
export const IMAGE_EXTENSIONS = ['png', 'jpg', 'jpeg', 'webp', 'gif', 'tif', 'tiff', 'bmp'] as const;
