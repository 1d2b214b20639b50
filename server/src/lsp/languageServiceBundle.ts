// Entry of dist/language-service.js: dockerfile-language-service in a bundle of its own, which the
// Node server requires on first use (languageFeatures.ts), so start-up does not parse it. The web
// build bundles the package directly.
export * from 'dockerfile-language-service';
