// Module lists that decide Go facts. Matching is by module path prefix at a path boundary:
// "github.com/go-gl" covers github.com/go-gl/glfw/v3.3/glfw.

/**
 * Modules that cannot be built with CGO_ENABLED=0: they wrap a C library and have no pure-Go fallback.
 * Only list a module when its cgo use is unconditional; a wrong entry makes the generator ship glibc
 * images and the linter demand cgo for nothing.
 */
export const KNOWN_CGO_MODULES: readonly string[] = [
  'github.com/mattn/go-sqlite3',
  'github.com/confluentinc/confluent-kafka-go', // v1 and /v2
  'gopkg.in/confluentinc/confluent-kafka-go', // .v1
  'gopkg.in/gographics/imagick', // .v2, .v3
  'github.com/go-gl',
  'github.com/tecbot/gorocksdb',
  'github.com/linxGnu/grocksdb',
  'github.com/DataDog/zstd',
  'github.com/h2non/bimg',
  'github.com/davidbyttow/govips',
  'github.com/libgit2/git2go',
  'github.com/google/gopacket/pcap',
  'github.com/miekg/pkcs11',
  'github.com/godror/godror',
];

/** Imports that make a program open TLS connections, so a scratch image needs a CA bundle. */
export const TLS_IMPORTS: readonly string[] = [
  'net/http',
  'crypto/tls',
  'net/smtp',
  'google.golang.org/grpc',
  'google.golang.org/api',
  'cloud.google.com/go',
  'firebase.google.com/go',
  'github.com/aws/aws-sdk-go',
  'github.com/aws/aws-sdk-go-v2',
  'github.com/Azure/azure-sdk-for-go',
  'github.com/Azure/azure-storage-blob-go',
  'github.com/minio/minio-go',
  'github.com/stripe/stripe-go',
  'github.com/slack-go/slack',
  'github.com/go-resty/resty',
  'go.mongodb.org/mongo-driver',
];

/**
 * Third-party modules whose code imports neither net, os/user, plugin nor "C", and which have no
 * dependencies of their own (non-test files checked at their latest releases): a program using
 * only these and the standard library can still be settled as static. Keep the list short; an
 * entry must be re-checked when the module grows a dependency.
 */
export const KNOWN_PURE_MODULES: readonly string[] = [
  'github.com/pkg/errors', // fmt, io, path, runtime, strconv, strings
  'gopkg.in/yaml.v3', // encoding, reflect, regexp, time, unicode… (check.v1 only in tests)
  'github.com/BurntSushi/toml', // bufio, encoding/json, io/fs, os, reflect, time…
];

/** Whether `importPath` is `prefix` or inside it (path-boundary aware). */
export function hasPathPrefix(importPath: string, prefix: string): boolean {
  return importPath === prefix || importPath.startsWith(prefix + '/') ||
    // gopkg.in and versioned module paths: "github.com/foo/bar/v2" is still github.com/foo/bar.
    importPath.startsWith(prefix + '.v');
}

export function matchingPrefix(importPath: string, prefixes: readonly string[]): string | undefined {
  return prefixes.find((prefix) => hasPathPrefix(importPath, prefix));
}
