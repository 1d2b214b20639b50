// Listening ports a Go program declares in code. Best effort and deliberately narrow: only literal
// addresses in well-known listen calls, `http.Server{Addr: …}`, listen flags and PORT defaults count.
// A port we miss only costs an EXPOSE line; a wrong port would mislead.

/** `ListenAndServe(":8080", …)`, `net.Listen("tcp", ":8080")`, gin `Run(":8080")`, echo `Start(":8080")`, fiber `Listen(":3000")`. */
const LISTEN_CALL =
  /\b(?:ListenAndServe|ListenAndServeTLS|Listen|ListenPacket|Run|RunTLS|Start|StartTLS)\s*\(\s*(?:"(?:tcp|tcp4|tcp6|udp|udp4|udp6)"\s*,\s*)?"([^"\n]*)"/g;
/** `&http.Server{Addr: ":8080", …}` (only http.Server: `redis.Options{Addr: …}` is a client address). */
const HTTP_SERVER_ADDR = /\bhttp\.Server\s*\{[^}]{0,600}?\bAddr\s*:\s*"([^"\n]*)"/g;
/** `flag.String("addr", ":8080", …)` and `flag.StringVar(&addr, "listen", ":8080", …)`. */
const ADDR_FLAG =
  /\bflag\.(?:String|StringVar)\s*\(\s*(?:&[\w.]+\s*,\s*)?"(?:addr|address|listen|listen-addr|listen-address|http|http-addr|http-address|bind|port|http-port)"\s*,\s*"([^"\n]*)"/g;
/** `flag.Int("port", 8080, …)`. */
const PORT_INT_FLAG = /\bflag\.(?:Int|IntVar|Uint|UintVar)\s*\(\s*(?:&[\w.]+\s*,\s*)?"(?:port|http-port|listen-port)"\s*,\s*(\d+)\s*,/g;
/** Files that read $PORT may default it. */
const READS_PORT_ENV = /\b(?:Getenv|LookupEnv)\s*\(\s*"PORT"\s*\)/;
/** `cmp.Or(os.Getenv("PORT"), "8080")`. */
const CMP_OR_PORT = /\bOr\s*\(\s*\w+\.Getenv\s*\(\s*"PORT"\s*\)\s*,\s*"(\d+)"\s*\)/g;
/** `if port == "" { port = "8080" }`. */
const EMPTY_PORT_DEFAULT = /\bif\s+(\w+)\s*==\s*""\s*\{\s*\1\s*=\s*"(\d+)"/g;
/** `getEnv("PORT", "8080")`: the usual helper shape. */
const ENV_HELPER_DEFAULT = /\b\w+\s*\(\s*"PORT"\s*,\s*"(\d+)"\s*\)/g;

function validPort(text: string): number | undefined {
  if (!/^\d{1,5}$/.test(text)) return undefined;
  const port = Number(text);
  return port >= 1 && port <= 65535 ? port : undefined;
}

/** ":8080", "0.0.0.0:8080", "[::]:8080", "localhost:8080" → 8080; anything else → undefined. */
export function portOfAddress(address: string): number | undefined {
  const m = /^(?:[\w.-]*|\[[0-9a-fA-F:.]*\]):(\d+)$/.exec(address);
  return m ? validPort(m[1]) : undefined;
}

/** Ports declared in one file's comment-free code. */
export function findListenPorts(code: string): number[] {
  const ports = new Set<number>();
  const add = (port: number | undefined): void => {
    if (port !== undefined) ports.add(port);
  };
  for (const m of code.matchAll(LISTEN_CALL)) add(portOfAddress(m[1]));
  for (const m of code.matchAll(HTTP_SERVER_ADDR)) add(portOfAddress(m[1]));
  for (const m of code.matchAll(ADDR_FLAG)) add(portOfAddress(m[1]) ?? validPort(m[1]));
  for (const m of code.matchAll(PORT_INT_FLAG)) add(validPort(m[1]));
  if (READS_PORT_ENV.test(code)) {
    for (const m of code.matchAll(CMP_OR_PORT)) add(validPort(m[1]));
    for (const m of code.matchAll(EMPTY_PORT_DEFAULT)) if (/port/i.test(m[1])) add(validPort(m[2]));
    for (const m of code.matchAll(ENV_HELPER_DEFAULT)) add(validPort(m[1]));
  }
  return [...ports].sort((a, b) => a - b);
}
