// The generator: workspace facts + options → Dockerfile and .dockerignore text. Pure (no fs).
export { generateDockerfile, builderGoVersion, normalizePackageDir, FINAL_IMAGES } from './dockerfile.ts';
export type { ScaffoldOptions, FinalImage } from './dockerfile.ts';
export { generateDockerignore } from './dockerignore.ts';
