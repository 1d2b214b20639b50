// Standard-library packages whose import decides what a container image needs. Generated from
// `go list -deps std` (Go 1.19, GOOS=linux, CGO_ENABLED=1) and checked against newer releases:
// the packages whose dependencies include `net` (cgo DNS resolver), `os/user` (cgo getpwnam) or
// `plugin` (dlopen). Linked with cgo on, each makes the binary dynamic against glibc.

/** Importing any of these links package net: dynamic with cgo on, unless built with -tags netgo. */
export const STD_LINKING_NET: ReadonlySet<string> = new Set([
  'crypto/tls',
  'crypto/x509',
  'expvar',
  'log/syslog',
  'mime/multipart',
  'net',
  'net/http',
  'net/http/cgi',
  'net/http/cookiejar',
  'net/http/fcgi',
  'net/http/httptest',
  'net/http/httptrace',
  'net/http/httputil',
  'net/http/pprof',
  'net/mail',
  'net/rpc',
  'net/rpc/jsonrpc',
  'net/smtp',
  'net/textproto',
]);

/** Importing any of these links package os/user: dynamic with cgo on, unless built with -tags osusergo. */
export const STD_LINKING_OS_USER: ReadonlySet<string> = new Set(['archive/tar', 'os/user']);

/** plugin needs cgo and dlopen whatever the tags. */
export const STD_NEEDING_DLOPEN: ReadonlySet<string> = new Set(['plugin', 'runtime/cgo']);

/** Whether an import path belongs to the standard library: its first element has no dot (and it is not the module's own). */
export function isStdImport(importPath: string): boolean {
  const first = importPath.split('/', 1)[0];
  return !first.includes('.') && importPath !== 'C';
}

/** Compiles in its own root certificates, so a scratch image needs no CA bundle. */
export const ROOT_CA_EMBEDDING: readonly string[] = ['golang.org/x/crypto/x509roots/fallback'];
