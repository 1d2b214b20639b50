// The .dockerignore written next to a generated Dockerfile. Pure: workspace facts → text.

import type { GoWorkspace } from '../go/workspace.ts';

export function generateDockerignore(ws: GoWorkspace): string {
  const sections: string[][] = [
    ['# Keep the build context small and local secrets out of images.', '', '# Version control', '.git'],
    [
      '# Build output and test binaries',
      'bin/',
      '/out',
      '**/*.exe',
      '**/*.test',
    ],
    [
      '# Coverage profiles',
      '*.out',
      '*.coverprofile',
      'coverage.html',
      'coverage.txt',
    ],
    ['# Editors and OS files', '.idea/', '.vscode/', '**/*.swp', '**/.DS_Store'],
    ['# Local environment files often hold secrets', '.env', '.env.*'],
    ['# Front-end dependencies, if any, are installed where needed', '**/node_modules'],
    [
      // Ignoring the Dockerfile does not stop the build from reading it, and keeps an edit to it from
      // invalidating the cached `COPY . .` layer.
      '# Docker reads these itself; ignoring them keeps Dockerfile edits from busting the COPY . . cache',
      'Dockerfile',
      'Dockerfile.*',
      '.dockerignore',
    ],
  ];
  if (!ws.vendored) {
    // Without vendor/modules.txt the build downloads modules; a stray vendor/ would only confuse it.
    sections.push(['# Modules are downloaded in the image, not vendored', 'vendor/']);
  }
  return sections.map((section) => section.join('\n') + '\n').join('\n');
}
