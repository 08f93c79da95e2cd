import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Session, User } from '@lantai/api';
import { ApiError, apiSettings } from '../lib/api.ts';
import { auth } from '../lib/endpoints.ts';

type Status = 'loading' | 'anonymous' | 'signed-in';

interface SessionCtx {
  status: Status;
  user: User | null;
  /** Why the last session ended, e.g. 会话已过期 (shown on the login page). */
  notice: string | null;
  login: (username: string, password: string) => Promise<void>;
  logout: () => Promise<void>;
  /** Reloads the session, e.g. after the password changed. */
  refresh: () => Promise<void>;
}

const Ctx = createContext<SessionCtx | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(null);
  const [status, setStatus] = useState<Status>('loading');
  const [notice, setNotice] = useState<string | null>(null);

  const apply = useCallback((s: Session | null) => {
    apiSettings.csrfToken = s?.csrfToken ?? null;
    setSession(s);
    setStatus(s ? 'signed-in' : 'anonymous');
  }, []);

  const refresh = useCallback(async () => {
    try {
      apply(await auth.session());
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) apply(null);
      else throw e;
    }
  }, [apply]);

  useEffect(() => {
    // Any 401 from a signed-in page (expired or revoked session) returns to the login page.
    apiSettings.onUnauthenticated = (err) => {
      setNotice(err.message);
      apply(null);
    };
    refresh().catch((e: unknown) => {
      setNotice(e instanceof Error ? e.message : String(e));
      apply(null);
    });
    return () => {
      apiSettings.onUnauthenticated = null;
    };
  }, [apply, refresh]);

  const login = useCallback(
    async (username: string, password: string) => {
      const s = await auth.login(username, password);
      setNotice(null);
      apply(s);
    },
    [apply],
  );

  const logout = useCallback(async () => {
    try {
      await auth.logout();
    } finally {
      apply(null);
    }
  }, [apply]);

  const value = useMemo(
    () => ({ status, user: session?.user ?? null, notice, login, logout, refresh }),
    [status, session, notice, login, logout, refresh],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useSession(): SessionCtx {
  const ctx = useContext(Ctx);
  if (!ctx) throw new Error('useSession outside SessionProvider');
  return ctx;
}

/** The signed-in user; only for pages rendered behind the login gate. */
export function useUser(): User {
  const { user } = useSession();
  if (!user) throw new Error('no signed-in user');
  return user;
}
