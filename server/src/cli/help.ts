export const MAIN_HELP = `Usage: go-dockerfile <command> [options]

Go-aware Dockerfile linter, fixer and generator.

Commands:
  lint [paths...]   Report problems (default: ./Dockerfile)
  fix [paths...]    Apply the safe fixes, then report what is left
  init [dir]        Write a Dockerfile and .dockerignore for the Go module in dir
  graph [file]      Print the stage graph as Mermaid, DOT or JSON (default: ./Dockerfile)
  rules             List the rules: id, default severity, fixable, docs page

Options:
  -h, --help        Show help (also: go-dockerfile <command> --help)
  -v, --version     Print the version

Exit codes: 0 no problems at or above the failure threshold, 1 problems found, 2 usage or I/O error.
`;

const LINT_OPTIONS = `Options:
  -f, --format <name>             text (default), json, sarif, github (workflow annotations)
                                  or gitlab (Code Quality report)
      --rule <id>=<severity>      Override a rule: off, hint, info, warning or error (repeatable)
      --ignore <id>               Turn a rule off, like --rule <id>=off (repeatable)
      --failure-threshold <level> Exit 1 when a problem is at or above: error, warning (default),
                                  info, hint, or none to always exit 0
  -r, --recursive                 Also search subfolders of folder arguments
  -c, --config <file>             Use this config file instead of the nearest .go-dockerfile.json
      --context <dir>             The build context (docker build's last argument) the Go facts are
                                  read from, when it is not the Dockerfile's folder or its
                                  "contexts" entry in .go-dockerfile.json
      --stdin-filename <path>     With '-': the path the Dockerfile on standard input stands for
                                  (messages, config lookup, Go facts)
  -h, --help                      Show this help

'-' reads a Dockerfile from standard input.
A folder argument stands for its Dockerfile, Containerfile, Dockerfile.*, Dockerfile-*, Dockerfile_*,
Containerfile.*, *.Dockerfile and *.dockerfile files. Folders excluded by .gitignore (nested ones
too, and .git/info/exclude), node_modules, vendor and .git are skipped; a file named on the command
line is always linted.
Rule severities also come from the nearest .go-dockerfile.json, e.g. {"rules": {"single-stage": "off"}};
--rule and --ignore win over it.`;

export const LINT_HELP = `Usage: go-dockerfile lint [options] [paths...]

Report problems in Dockerfiles (default: ./Dockerfile).

${LINT_OPTIONS}
      --fix                       Apply the safe fixes in place first (same as go-dockerfile fix)
      --dry-run                   With --fix: print the changes as a diff instead of writing them
`;

export const FIX_HELP = `Usage: go-dockerfile fix [options] [paths...]

Apply the safe fixes in place (default: ./Dockerfile), then report the problems that are left.
Files are replaced atomically; line endings and a byte order mark are kept.

${LINT_OPTIONS}
      --dry-run                   Print the changes as a unified diff instead of writing them

With '-', the fixed Dockerfile is printed on stdout and the problems left on stderr.
`;

export const INIT_HELP = `Usage: go-dockerfile init [options] [dir]

Write a multi-stage Dockerfile and a .dockerignore for the Go module in dir (default: .).
An existing .dockerignore is never replaced.

With several main packages, init takes the one that is clearly the program: the module root,
else cmd/<last element of the module path>, else the only one in cmd/ (examples, tools, hack,
scripts, internal, test* and dev folders come last). It says which it chose; otherwise it asks
for --main. Version stamping (-X), build tags and CGO_ENABLED come from the project's
.goreleaser.yaml, or else from the Makefile target that builds the program.

Options:
      --main <package>   The main package to build, e.g. ./cmd/server
      --all              Every program (but examples, tools and dev programs) in one image
      --targets          One build target per program (docker build --target <name>)
      --final <image>    Final image: distroless (default), scratch or alpine
      --force            Overwrite an existing Dockerfile
      --stdout           Print the Dockerfile instead of writing files
  -h, --help             Show this help
`;

export const GRAPH_HELP = `Usage: go-dockerfile graph [options] [Dockerfile]

Print the build graph of a Dockerfile (default: ./Dockerfile): its stages with their base images
and Go builds, the FROM, COPY --from and RUN --mount=from edges between them, the stage that
ships and what ends up in it, and the go-dockerfile findings on each stage.

Options:
  -f, --format <name>   mermaid (default), dot or json
      --target <stage>  Ship this stage instead of the last one, as docker build --target does
  -h, --help            Show this help

Mermaid renders on GitHub: paste the output into a \`\`\`mermaid block of a README or PR comment.
DOT renders with Graphviz: go-dockerfile graph -f dot | dot -Tsvg > graph.svg
The JSON is described in docs/build-graph.md.
`;
