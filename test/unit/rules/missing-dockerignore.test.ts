import rule from '../../../server/src/engine/rules/missing-dockerignore.ts';
import { generateDockerignore } from '../../../server/src/scaffold/dockerignore.ts';
import type { GoFacts } from '../../../server/src/engine/index.ts';
import { runRuleTests } from '../../rule-tester.ts';

const none: GoFacts = { moduleDir: '/work/app', contextDir: '/work/app', dockerignoreChecked: true };
const present: GoFacts = { ...none, dockerignore: { file: '/work/app/.dockerignore', patterns: ['.git'] } };
const dockerfile = (copy: string) => `FROM golang:1.22 AS build\nWORKDIR /src\n${copy}\nRUN CGO_ENABLED=0 go build -o /out/app .\nFROM scratch\nCOPY --from=build /out/app /app\n`;

runRuleTests(rule, {
  valid: [
    { name: 'a .dockerignore exists', code: dockerfile('COPY . .'), goFacts: present },
    { name: 'nobody looked (no facts)', code: dockerfile('COPY . .') },
    { name: 'facts without the .dockerignore check', code: dockerfile('COPY . .'), goFacts: { moduleDir: '/work/app' } },
    { name: 'only named sources are copied', code: dockerfile('COPY go.mod go.sum ./\nCOPY cmd ./cmd\nCOPY internal ./internal'), goFacts: none },
    { name: 'bind mount of one file', code: dockerfile('RUN --mount=type=bind,source=go.mod,target=go.mod go mod download'), goFacts: none },
    { name: 'COPY --from a stage with .', code: 'FROM golang:1.22 AS build\nFROM scratch\nCOPY --from=build . .\n', goFacts: none },
    { name: 'a Node app in a Go repository is not a Go build', code: 'FROM node:20-alpine\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nCMD ["npm", "start"]\n', goFacts: none },
    { name: 'suppressed', code: dockerfile('# go-dockerfile ignore=missing-dockerignore\nCOPY . .'), goFacts: none },
  ],
  invalid: [
    {
      name: 'COPY . . without .dockerignore',
      code: dockerfile('COPY . .'),
      goFacts: none,
      errors: [{ messageId: 'noDockerignore', line: 3, column: 6, endColumn: 7, severity: 'info' }],
      output: dockerfile('COPY . .'),
      creates: [{ path: '/work/app/.dockerignore', text: generateDockerignore({}) }],
      factsAfterFix: present,
    },
    {
      name: 'ADD ./ /src, vendored: vendor/ stays in the context',
      code: dockerfile('ADD ./ /src'),
      goFacts: { ...none, vendored: true },
      errors: [{ messageId: 'noDockerignore' }],
      output: dockerfile('ADD ./ /src'),
      creates: [{ path: '/work/app/.dockerignore', text: generateDockerignore({ vendored: true }) }],
      factsAfterFix: present,
    },
    {
      name: 'a bind mount of the whole context',
      code: dockerfile('RUN --mount=type=bind,target=. go build -o /out/app .'),
      goFacts: none,
      errors: [{ messageId: 'noDockerignore', column: 5 }],
      output: dockerfile('RUN --mount=type=bind,target=. go build -o /out/app .'),
      creates: [{ path: '/work/app/.dockerignore', text: /^\.git$/m }],
      factsAfterFix: present,
    },
    {
      name: 'the new file keeps what the build reads: a prebuilt bin/ and .git for git describe',
      code: 'FROM golang:1.22 AS build\nCOPY . .\nCOPY bin/tool /usr/local/bin/tool\nRUN go build -ldflags "-X main.v=$(git describe --tags)" -o /out/app .\nFROM scratch\nCOPY --from=build /out/app /app\n',
      goFacts: none,
      errors: [{ messageId: 'noDockerignore' }],
      output: 'FROM golang:1.22 AS build\nCOPY . .\nCOPY bin/tool /usr/local/bin/tool\nRUN go build -ldflags "-X main.v=$(git describe --tags)" -o /out/app .\nFROM scratch\nCOPY --from=build /out/app /app\n',
      creates: [{ path: '/work/app/.dockerignore', text: /^(?![\s\S]*^(\.git|bin\/)$)[\s\S]*\*\*\/\*\.test$/m }],
      factsAfterFix: present,
    },
    {
      name: 'without a known context folder the file goes beside the Dockerfile',
      code: dockerfile('COPY . /src/'),
      goFacts: { moduleDir: '/work/app', dockerignoreChecked: true },
      errors: [{ messageId: 'noDockerignore' }],
      output: dockerfile('COPY . /src/'),
      creates: [{ path: '.dockerignore', text: generateDockerignore({}) }],
      factsAfterFix: present,
    },
  ],
});
