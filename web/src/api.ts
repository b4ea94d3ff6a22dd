// The only way the UI talks to Kiln: the public REST API, signed in by the session cookie.
//
// The token is never kept where a script could read it: sign-in sends it once and the server
// answers with an HttpOnly cookie that the browser sends with every call. Calls that change state
// carry the X-Kiln-Csrf header, which no other site's page can add.

const SESSION = '/api/2.0/kiln/session';
const CSRF_HEADER = 'X-Kiln-Csrf';

/** Signs in with a personal access token: the server keeps it in the session cookie. */
export async function signIn(token: string): Promise<void> {
  await send('POST', SESSION, { headers: { Authorization: `Bearer ${token}` } });
}

/** Signs out: the server clears the session cookie (a refused one is cleared already). */
export async function signOut(): Promise<void> {
  try {
    await send('DELETE', SESSION);
  } catch {
    // already signed out
  }
}

/** Forgets what earlier versions of the UI kept readable by scripts: the token itself. */
export function forgetStoredToken(): void {
  localStorage.removeItem('kiln.token');
  document.cookie = 'kiln_token=; path=/driver-proxy; max-age=0; SameSite=Strict';
}

/** An answer of the API that is not a success, in the API's own words. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
  ) {
    super(message);
  }

  /** "ERROR_CODE: message", as the CLI prints it. */
  get plain(): string {
    return `${this.errorCode}: ${this.message}`;
  }
}

/** Any failure as one line a user can read. */
export function describe(e: unknown): string {
  if (e instanceof ApiError) return e.plain;
  if (e instanceof Error) return e.message;
  return String(e);
}

type Query = Record<string, string | number | boolean | undefined | null>;

function url(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v !== undefined && v !== null && v !== '') params.append(k, String(v));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

let onUnauthorized: () => void = () => {};

/** Called when the API refuses the session (401), so the app can ask to sign in again. */
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

async function send(method: string, path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set(CSRF_HEADER, '1');
  let res: Response;
  try {
    res = await fetch(path, { ...init, method, headers, credentials: 'same-origin' });
  } catch (e) {
    throw new ApiError(0, 'NETWORK_ERROR', `Kiln cannot be reached (${describe(e)})`);
  }
  if (!res.ok) {
    const text = await res.text();
    let code = `HTTP_${res.status}`;
    let message = text || res.statusText;
    try {
      const body = JSON.parse(text);
      if (body.error_code) code = body.error_code;
      if (body.message) message = body.message;
    } catch {
      // not JSON: keep the text
    }
    if (res.status === 401) onUnauthorized();
    throw new ApiError(res.status, code, message);
  }
  return res;
}

async function json<T>(res: Response): Promise<T> {
  const text = await res.text();
  return (text ? JSON.parse(text) : {}) as T;
}

export const api = {
  async get<T>(path: string, query?: Query): Promise<T> {
    return json<T>(await send('GET', url(path, query)));
  },
  async post<T>(path: string, body: unknown = {}): Promise<T> {
    return json<T>(
      await send('POST', path, {
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      }),
    );
  },
  async patch<T>(path: string, body: unknown): Promise<T> {
    return json<T>(
      await send('PATCH', path, {
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      }),
    );
  },
  async delete<T>(path: string): Promise<T> {
    return json<T>(await send('DELETE', path));
  },
  /** The raw bytes of a GET (downloads). */
  async blob(path: string, query?: Query): Promise<Blob> {
    return (await send('GET', url(path, query))).blob();
  },
};

/** A multipart POST with upload progress (fetch cannot report it). */
export function postForm(
  path: string,
  form: FormData,
  onProgress: (loaded: number, total: number) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.setRequestHeader(CSRF_HEADER, '1');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded, e.total);
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve();
        return;
      }
      let code = `HTTP_${xhr.status}`;
      let message = xhr.responseText || xhr.statusText;
      try {
        const body = JSON.parse(xhr.responseText);
        code = body.error_code ?? code;
        message = body.message ?? message;
      } catch {
        // not JSON
      }
      if (xhr.status === 401) onUnauthorized();
      reject(new ApiError(xhr.status, code, message));
    };
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK_ERROR', 'Kiln cannot be reached'));
    xhr.send(form);
  });
}

export function base64Encode(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return btoa(binary);
}

export function base64Decode(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function utf8Encode(text: string): string {
  return base64Encode(new TextEncoder().encode(text));
}

export function utf8Decode(b64: string): string {
  return new TextDecoder().decode(base64Decode(b64));
}

/** Saves bytes as a file the browser downloads. */
export function saveFile(name: string, data: Blob | Uint8Array | string, type = 'application/octet-stream'): void {
  const blob = data instanceof Blob ? data : new Blob([data as BlobPart], { type });
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}
