// The shape of the Dockerfile model that rules read.
import type { ScannedInstruction } from '../scan.ts';
import type { ImageName, ImageTraits } from '../images.ts';
import type { Word } from '../shell.ts';
import type { TextIndex } from '../text.ts';
import type { Range } from '../types.ts';
import type { Env, Lookup } from './env.ts';

/** A span of the document, with the text it holds. */
export interface Token {
  value: string;
  start: number;
  end: number;
}

export interface Instr {
  keyword: string;
  /** The scanned instruction: flags, arguments on one logical line, offsets. */
  scan: ScannedInstruction;
  start: number;
  end: number;
  range: Range;
  stage?: Stage;
  /** Set for RUN instructions. */
  run?: RunInfo;
  /** Set for COPY and ADD instructions. */
  copy?: CopyInfo;
}

export interface Mount {
  type: string;
  target?: string;
  source?: string;
  from?: string;
}

export type GoSubcommand = 'build' | 'install' | 'run' | 'test' | 'mod' | 'generate' | 'vet' | 'env' | 'get' | 'other';

export interface GoCommand {
  subcommand: GoSubcommand;
  /** For `go mod <x>`: x. */
  modSubcommand?: string;
  /** The `go` word. */
  goWord: Word;
  /** The words after `go`, as written (subcommand, flags, packages), with document offsets. */
  args: Word[];
  /** Where the simple command starts (before any `A=1` prefix or wrapper): inline variables go here. */
  commandStart: number;
  /** Inline `NAME=value` words of this command, by name (value part only). */
  inlineWords: Map<string, Word>;
  /** The subcommand word (`build`), the token to underline. */
  subcommandWord?: Word;
  /** Flags by name without dashes; boolean flags map to true. GOFLAGS entries are merged in. */
  flags: Map<string, string | true>;
  packages: string[];
  /** Variables in effect for this command (stage ARG/ENV, exports, inline), not counting go env -w. */
  env: Lookup;
  /** Persistent `go env -w` settings visible to this command. */
  goEnv: Lookup;
  /** Working directory when it runs, when known. */
  cwd?: string;
  run: RunInfo;
  /** True when written in exec form (RUN ["go", …]): no place for an inline variable. */
  execForm: boolean;
  /**
   * Set when the command comes from a Makefile recipe or a script the RUN calls: its words then all
   * point at the calling word (`make`, `./build.sh`), and a fix must not edit the Dockerfile as if
   * the command were written there.
   */
  via?: RecipeCall;
}

/** A `make` target or a script that a RUN calls. */
export interface RecipeCall {
  kind: 'make' | 'script';
  /** The word that calls it (`make`, `./build.sh`). */
  word: Word;
  /** Keys to look up in RecipeFacts (makeTargets or scripts), best first. */
  keys: string[];
  /** For make: the target ('' for the default goal), the -f file and the command-line variables. */
  target?: string;
  makefile?: string;
  variables?: Record<string, string>;
  /** Context-relative candidates: the folder make runs in, or the script's path. */
  paths: string[];
  /** The image folder the recipe runs in (make's folder after -C, or the RUN's), when known. */
  imageDir?: string;
  /** Whether a complete recipe was found and read into the RUN (otherwise the RUN stays opaque). */
  resolved: boolean;
}

export interface RunInfo {
  instr: Instr;
  mounts: Mount[];
  goCommands: GoCommand[];
  /** Package names installed by apk/apt/yum/dnf in this RUN. */
  installs: string[];
  /** Go installed by a package manager or an unpacked release tarball. */
  installsGo: boolean;
  /** A build the engine cannot see into: make, a script, goreleaser… (unless its recipe was read). */
  opaqueBuild: boolean;
  /** WORKDIR when the RUN starts (bind-mount targets are relative to it). */
  workdir?: string;
  /** `make` targets and scripts this RUN calls, resolved or not. */
  recipeCalls: RecipeCall[];
  /** Shell variable assignments in this RUN (inline `A=1 cmd`, `export A=1`, `go env -w A=1`), in order. */
  assignments: ShellAssignment[];
}

export interface ShellAssignment {
  name: string;
  /** Document offset of the name. */
  nameStart: number;
  kind: 'inline' | 'export' | 'go env -w';
}

export interface CopyInfo {
  instr: Instr;
  /** The --from value, as written. */
  from?: string;
  fromStage?: Stage;
  sources: Token[];
  dest?: Token;
  /** Copies from the build context (no --from, not a heredoc, not a URL). */
  fromContext: boolean;
  /** WORKDIR when the copy runs, when known. */
  workdir?: string;
  /** The --chown value, as written. */
  chown?: string;
}

export interface CommandLine {
  instr: Instr;
  execForm: boolean;
  /** Exec-form strings, or the shell-form words. */
  words: string[];
  /** The shell-form text, as written on one logical line. */
  shellText?: string;
}

export interface Stage {
  index: number;
  /** Lower-cased `AS` name. */
  name?: string;
  from: Instr;
  /** The image reference after expanding global ARGs (undefined when it cannot be resolved). */
  imageRef?: string;
  /** The image argument token of FROM, to underline. */
  imageToken?: Token;
  image?: ImageName;
  platform?: string;
  /** Set when FROM names an earlier stage. */
  baseStage?: Stage;
  /** Traits of this stage's own image, or of the root image up its FROM chain. */
  traits: ImageTraits;
  instructions: Instr[];
  runs: RunInfo[];
  copies: CopyInfo[];
  /** ENV at the end of the stage (what a child stage inherits). */
  envAtEnd: Env;
  /** `go env -w` settings at the end of the stage (they live in the filesystem, so children inherit them). */
  goEnvAtEnd: Env;
  workdirAtEnd: string | undefined;
  entrypoint?: CommandLine;
  cmd?: CommandLine;
  /** Stages this one reads from: base stage, COPY --from, RUN --mount=from. */
  dependsOn: Set<Stage>;
}

export interface DockerfileModel {
  text: string;
  index: TextIndex;
  escapeChar: string;
  instructions: Instr[];
  stages: Stage[];
  globalArgs: Env;
  /** The shipped stage: the last one. */
  final?: Stage;
  /** Stages that contribute to the final image. */
  shipped: Set<Stage>;
}
