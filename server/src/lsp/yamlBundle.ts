// Entry of dist/yaml.js: the YAML parser in a bundle of its own, required by the Node server on
// first use (go/project-build.ts), so start-up does not parse it.
export { parseDocument } from 'yaml';
