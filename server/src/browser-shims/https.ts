// Stands in for Node's `https` in the browser build. dockerfile-language-service's registry client
// imports it for Docker Hub tag lookups, which the browser build does not offer (the server never
// delegates tag completion there); should anything call it anyway, the request fails as offline.

interface FakeRequest {
  on(event: string, listener: (error: Error) => void): FakeRequest;
  end(): void;
}

export function get(): FakeRequest {
  const listeners: Array<(error: Error) => void> = [];
  const request: FakeRequest = {
    on(event, listener) {
      if (event === 'error') listeners.push(listener);
      return request;
    },
    end() {},
  };
  setTimeout(() => {
    for (const listener of listeners) listener(new Error('no network requests from the browser build of go-dockerfile'));
  }, 0);
  return request;
}

export default { get };
