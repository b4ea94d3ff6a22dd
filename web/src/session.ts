import { createContext, useContext } from 'react';

export interface Me {
  id: string;
  userName: string;
  displayName?: string;
  groups?: { display?: string; value?: string }[];
}

export interface Session {
  me: Me;
  isAdmin: boolean;
  signOut: () => void | Promise<void>;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('no session');
  return s;
}

export function homeOf(me: Me): string {
  return `/Users/${me.userName}`;
}
