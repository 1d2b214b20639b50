// What `lint`/`fix` reads: files found from the path arguments, and standard input for `-`.
import * as path from 'node:path';
import type { LintArgs } from './args.ts';
import type { Discovery } from './discover.ts';
import { CliError } from './errors.ts';
import { checkedDockerfile, MAX_FILE_BYTES, readDockerfile, type DockerfileText } from './files.ts';
import { readAllSync, STDIN_ARG, STDIN_LABEL } from './stdin.ts';

export interface LintInput {
  /**
   * Absolute path: the file, or for standard input the --stdin-filename path (config lookup, Go
   * facts and --context use it, as if the text were that file). Without --stdin-filename it is a
   * name in the working folder, so the config and Go module there apply.
   */
  path: string;
  /** As printed in messages and reports. */
  label: string;
  stdin: boolean;
  read(): DockerfileText;
}

export interface Inputs extends Omit<Discovery, 'files'> {
  inputs: LintInput[];
}

/** The inputs: standard input first when `-` is given, then the files `discover` finds for the paths. */
export function lintInputs(args: LintArgs, cwd: string, label: (file: string) => string, discover: (paths: string[]) => Discovery): Inputs {
  const paths = args.paths.filter((p) => p !== STDIN_ARG);
  const readsStdin = paths.length < args.paths.length;
  const found: Discovery = readsStdin && paths.length === 0 ? { files: [], problems: [], warnings: [] } : discover(paths);
  const inputs: LintInput[] = found.files.map((file) => {
    const fileLabel = label(file);
    return { path: file, label: fileLabel, stdin: false, read: () => readDockerfile(file, fileLabel) };
  });
  if (readsStdin) {
    const named = args.stdinFilename === undefined ? undefined : path.resolve(cwd, args.stdinFilename);
    const stdinLabel = named === undefined ? STDIN_LABEL : label(named);
    inputs.unshift({
      path: named ?? path.join(cwd, STDIN_LABEL),
      label: stdinLabel,
      stdin: true,
      read: () => {
        const bytes = readAllSync(0, MAX_FILE_BYTES);
        // Reading stopped one byte past the limit: the size of the rest is unknown.
        if (bytes.length > MAX_FILE_BYTES) throw new CliError(`${stdinLabel}: input too large (the limit is ${MAX_FILE_BYTES / 1_000_000} MB)`);
        return checkedDockerfile(bytes, stdinLabel);
      },
    });
  }
  return { inputs, problems: found.problems, warnings: found.warnings };
}
