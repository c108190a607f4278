/** Where a command writes: text goes out as given (include the newline). */
export interface CliIO {
  stdout(s: string): void;
  stderr(s: string): void;
}

/** A command of the `xtal` CLI: the default export of `src/cli/commands/<name>.ts`. */
export interface CliCommand {
  /** The word after `xtal` (equals the file name). */
  readonly name: string;
  /** One line for `xtal --help`. */
  readonly summary: string;
  /** Usage text for `xtal <name> --help`. */
  readonly usage: string;
  /** Runs the command; resolves to the process exit code (0 ok, 2 bad input, 1 other failure). */
  run(argv: string[], io: CliIO): Promise<number>;
}
