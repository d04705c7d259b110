import { createContext, useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api } from '../api/client.ts';
import type { CurrentUser } from '../api/types.ts';

export interface Auth {
  /** undefined while the session is being checked, null when signed out. */
  user: CurrentUser | null | undefined;
  login(username: string, password: string): Promise<void>;
  logout(): Promise<void>;
}

export const AuthContext = createContext<Auth | null>(null);

/** Holds the signed-in user, read from the session cookie through GET /api/auth/me. */
export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<CurrentUser | null | undefined>(undefined);

  useEffect(() => {
    api<CurrentUser>('GET', '/api/auth/me').then(setUser, () => setUser(null));
  }, []);

  const login = useCallback(async (username: string, password: string) => {
    const res = await api<{ user: CurrentUser }>('POST', '/api/auth/login', { username, password });
    setUser(res.user);
  }, []);
  const logout = useCallback(async () => {
    await api('POST', '/api/auth/logout').catch(() => undefined);
    setUser(null);
  }, []);

  const value = useMemo(() => ({ user, login, logout }), [user, login, logout]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}
