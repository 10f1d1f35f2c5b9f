/** One table of commands: id → handler. Handlers take whatever VS Code passes (URIs, tree items, link arguments). */
export type CommandHandler = (...args: never[]) => unknown;
export type CommandTable = Record<string, CommandHandler>;
