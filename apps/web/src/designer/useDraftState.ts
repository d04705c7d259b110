import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { AppDefinition } from '@statecraft/schema';
import { api } from '../api/client.ts';
import { ApiError } from '../api/api-error.ts';
import { indexProblems, type DefinitionProblem, type ProblemIndex } from './problem-map.ts';

/** The draft being designed, its history and what the server says about it. */
export interface DraftState {
  appId: string;
  definition: AppDefinition | null;
  loadError: string | null;
  /** The latest published version (null before the first publish). */
  latestVersion: number | null;
  problems: DefinitionProblem[];
  /** Problems by the item they concern (`transition:approve`, `state:paid`, `field:gift_note`…). */
  problemIndex: ProblemIndex;
  status: 'saved' | 'unsaved' | 'saving' | 'failed';
  saveError: string | null;
  canUndo: boolean;
  canRedo: boolean;
  /** Changes a copy of the definition; saved as the draft shortly after (edits in a burst save once). */
  edit(change: (draft: AppDefinition) => void): void;
  /** Replaces the whole definition (the JSON view). */
  replace(next: AppDefinition): void;
  undo(): void;
  redo(): void;
  /** Saves now if anything is unsaved; resolves with the problems of what is saved. */
  flush(): Promise<DefinitionProblem[]>;
  refreshVersions(): Promise<void>;
}

interface History {
  past: AppDefinition[];
  present: AppDefinition | null;
  future: AppDefinition[];
}

const SAVE_DELAY_MS = 350;
const MAX_HISTORY = 100;

/**
 * Loads an app's draft (or, when there is none, its latest published definition as the start of
 * one), keeps undo/redo history, and saves every edit as the draft through the API
 * (`PUT /api/apps/:app/definition/draft`), which answers with the problems shown on screen.
 */
export function useDraftState(appId: string): DraftState {
  const [history, setHistory] = useState<History>({ past: [], present: null, future: [] });
  const [loadError, setLoadError] = useState<string | null>(null);
  const [latestVersion, setLatestVersion] = useState<number | null>(null);
  const [problems, setProblems] = useState<{ def: AppDefinition | null; list: DefinitionProblem[] }>({ def: null, list: [] });
  const [status, setStatus] = useState<DraftState['status']>('saved');
  const [saveError, setSaveError] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const pending = useRef<AppDefinition | null>(null);
  const inflight = useRef<Promise<DefinitionProblem[]> | null>(null);
  const lastSaved = useRef<DefinitionProblem[]>([]);

  const refreshVersions = useCallback(async () => {
    const apps = await api<{ items: { id: string; latestVersion: number | null }[] }>('GET', '/api/apps');
    setLatestVersion(apps.items.find((a) => a.id === appId)?.latestVersion ?? null);
  }, [appId]);

  useEffect(() => {
    let live = true;
    (async () => {
      let def: AppDefinition;
      try {
        def = (await api<{ definition: AppDefinition }>('GET', `/api/apps/${encodeURIComponent(appId)}/definition/draft`)).definition;
      } catch (e) {
        if (!(e instanceof ApiError) || e.code !== 'DEFINITION_NO_DRAFT') throw e;
        def = (await api<{ definition: AppDefinition }>('GET', `/api/apps/${encodeURIComponent(appId)}/definition`)).definition;
      }
      await refreshVersions();
      const checked = await api<{ problems: DefinitionProblem[] }>('POST', '/api/definitions/validate', def);
      if (!live) return;
      setHistory({ past: [], present: def, future: [] });
      setProblems({ def, list: checked.problems });
      lastSaved.current = checked.problems;
    })().catch((e: Error) => live && setLoadError(e.message));
    return () => {
      live = false;
    };
  }, [appId, refreshVersions]);

  const save = useCallback(async (): Promise<DefinitionProblem[]> => {
    // One save at a time, in order: the last edit always wins.
    while (inflight.current) await inflight.current;
    const def = pending.current;
    if (!def) return lastSaved.current;
    pending.current = null;
    setStatus('saving');
    const run = (async () => {
      try {
        const res = await api<{ problems: DefinitionProblem[] }>('PUT', `/api/apps/${encodeURIComponent(appId)}/definition/draft`, def);
        lastSaved.current = res.problems;
        setProblems({ def, list: res.problems });
        setSaveError(null);
        setStatus(pending.current ? 'unsaved' : 'saved');
        return res.problems;
      } catch (e) {
        setSaveError((e as Error).message);
        setStatus('failed');
        throw e;
      }
    })();
    inflight.current = run;
    try {
      return await run;
    } finally {
      inflight.current = null;
    }
  }, [appId]);

  const schedule = useCallback(
    (def: AppDefinition) => {
      pending.current = def;
      setStatus('unsaved');
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => {
        timer.current = null;
        void save().catch(() => undefined);
      }, SAVE_DELAY_MS);
    },
    [save],
  );

  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);

  const commit = useCallback(
    (next: AppDefinition) => {
      setHistory((h) => (h.present ? { past: [...h.past, h.present].slice(-MAX_HISTORY), present: next, future: [] } : h));
      schedule(next);
    },
    [schedule],
  );

  const present = history.present;
  const edit = useCallback(
    (change: (draft: AppDefinition) => void) => {
      if (!present) return;
      const copy = structuredClone(present);
      change(copy);
      commit(copy);
    },
    [present, commit],
  );

  const undo = useCallback(() => {
    setHistory((h) => {
      if (!h.past.length || !h.present) return h;
      const prev = h.past[h.past.length - 1]!;
      schedule(prev);
      return { past: h.past.slice(0, -1), present: prev, future: [h.present, ...h.future] };
    });
  }, [schedule]);
  const redo = useCallback(() => {
    setHistory((h) => {
      if (!h.future.length || !h.present) return h;
      const next = h.future[0]!;
      schedule(next);
      return { past: [...h.past, h.present], present: next, future: h.future.slice(1) };
    });
  }, [schedule]);

  const flush = useCallback(async () => {
    if (timer.current) {
      clearTimeout(timer.current);
      timer.current = null;
    }
    return save();
  }, [save]);

  const problemIndex = useMemo(() => (problems.def ? indexProblems(problems.def, problems.list) : new Map()), [problems]);

  return {
    appId,
    definition: present,
    loadError,
    latestVersion,
    problems: problems.list,
    problemIndex,
    status,
    saveError,
    canUndo: history.past.length > 0,
    canRedo: history.future.length > 0,
    edit,
    replace: commit,
    undo,
    redo,
    flush,
    refreshVersions,
  };
}
