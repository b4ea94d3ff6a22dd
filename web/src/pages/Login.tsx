import { useState } from 'react';
import { ErrorBox } from '../components/common';

export function Login(props: { initialError?: string; onSignedIn: (token: string) => Promise<void> }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<unknown>(props.initialError ? new Error(props.initialError) : undefined);
  const [busy, setBusy] = useState(false);
  return (
    <div className="login">
      <form
        className="card"
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          setError(undefined);
          try {
            await props.onSignedIn(token.trim());
          } catch (err) {
            setError(err);
          } finally {
            setBusy(false);
          }
        }}
      >
        <h1>Sign in to Kiln</h1>
        <label>
          Personal access token
          <input
            name="token"
            type="password"
            autoFocus
            autoComplete="off"
            placeholder="dapi…"
            value={token}
            onChange={(e) => setToken(e.target.value)}
          />
        </label>
        <p className="muted small">
          The admin's token is in <code>&lt;home&gt;/admin-token</code>; users make their own under Settings → Tokens.
        </p>
        <ErrorBox error={error} />
        <button type="submit" className="primary" disabled={busy || !token.trim()}>
          Sign in
        </button>
      </form>
    </div>
  );
}
