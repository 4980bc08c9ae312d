/** The shape of VS Code's webview handle; each page acquires it once (VS Code allows one call per page). */
export interface HostApi<Message, State> {
  postMessage(message: Message): void;
  getState(): State | undefined;
  setState(state: State): void;
}
