/** Where the commands write. stdout carries only the requested output, so json and sarif stay parseable. */
export interface Output {
  toolVersion: string;
  /** The command's result: findings, a diff, a generated file. */
  out(text: string): void;
  /** Progress notes ("fixed 2 problems"), on stderr. */
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export function processOutput(toolVersion: string): Output {
  return {
    toolVersion,
    out: (text) => {
      if (text) process.stdout.write(text);
    },
    info: (message) => process.stderr.write(`${message}\n`),
    warn: (message) => process.stderr.write(`go-dockerfile: warning: ${message}\n`),
    error: (message) => process.stderr.write(`go-dockerfile: ${message}\n`),
  };
}
