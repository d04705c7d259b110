import { lazy, Suspense } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom';
import { AuthProvider } from './auth/AuthContext.tsx';
import { DefinitionProvider } from './definition/DefinitionContext.tsx';
import { I18nProvider } from './i18n/I18nContext.tsx';
import { HomeRedirect } from './layout/HomeRedirect.tsx';
import { RequireAuth } from './layout/RequireAuth.tsx';
import { Shell } from './layout/Shell.tsx';
import { DashboardPage } from './pages/DashboardPage.tsx';
import { IntakePage } from './pages/IntakePage.tsx';
import { ListPage } from './pages/ListPage.tsx';
import { LoginPage } from './pages/LoginPage.tsx';
import { RecordPage } from './pages/RecordPage.tsx';
import { StockPage } from './pages/StockPage.tsx';

// The designer (React Flow, Monaco) loads on demand: the workspace bundle stays small.
const DesignerHome = lazy(() => import('./designer/DesignerHome.tsx'));
const DesignerPage = lazy(() => import('./designer/DesignerPage.tsx'));
const screen = <K extends string>(load: () => Promise<Record<K, () => React.JSX.Element>>, name: K) => lazy(() => load().then((m) => ({ default: m[name] })));
const FieldsScreen = screen(() => import('./designer/FieldsScreen.tsx'), 'FieldsScreen');
const WorkflowScreen = screen(() => import('./designer/WorkflowScreen.tsx'), 'WorkflowScreen');
const RulesScreen = screen(() => import('./designer/RulesScreen.tsx'), 'RulesScreen');
const TryScreen = screen(() => import('./designer/TryScreen.tsx'), 'TryScreen');
const JsonScreen = screen(() => import('./designer/JsonScreen.tsx'), 'JsonScreen');
const PublishScreen = screen(() => import('./designer/PublishScreen.tsx'), 'PublishScreen');
const VersionsScreen = screen(() => import('./designer/VersionsScreen.tsx'), 'VersionsScreen');
const loading = <div className="page">…</div>;

/**
 * The operations workspace. Routes:
 *   /login · /dashboards/:dashboard · /e/:entity (list) · /e/:entity/new · /e/:entity/:id · /stock · /intake
 *   /design (apps) · /design/:app/{fields,workflow,rules,try,json,publish,versions} (the designer)
 */
export function App() {
  return (
    <I18nProvider>
      <AuthProvider>
        <BrowserRouter>
          <Routes>
            <Route path="/login" element={<LoginPage />} />
            <Route
              element={
                <RequireAuth>
                  <DefinitionProvider fallback={<div className="page">…</div>}>
                    <Shell />
                  </DefinitionProvider>
                </RequireAuth>
              }
            >
              <Route index element={<HomeRedirect />} />
              <Route path="dashboards/:dashboard" element={<DashboardPage />} />
              <Route path="e/:entity" element={<ListPage />} />
              <Route path="e/:entity/:id" element={<RecordPage />} />
              <Route path="stock" element={<StockPage />} />
              <Route path="intake" element={<IntakePage />} />
              <Route path="design" element={<Suspense fallback={loading}><DesignerHome /></Suspense>} />
              <Route path="design/:app" element={<Suspense fallback={loading}><DesignerPage /></Suspense>}>
                <Route index element={<Navigate to="fields" replace />} />
                <Route path="fields" element={<Suspense fallback={loading}><FieldsScreen /></Suspense>} />
                <Route path="workflow" element={<Suspense fallback={loading}><WorkflowScreen /></Suspense>} />
                <Route path="rules" element={<Suspense fallback={loading}><RulesScreen /></Suspense>} />
                <Route path="try" element={<Suspense fallback={loading}><TryScreen /></Suspense>} />
                <Route path="json" element={<Suspense fallback={loading}><JsonScreen /></Suspense>} />
                <Route path="publish" element={<Suspense fallback={loading}><PublishScreen /></Suspense>} />
                <Route path="versions" element={<Suspense fallback={loading}><VersionsScreen /></Suspense>} />
              </Route>
              <Route path="*" element={<HomeRedirect />} />
            </Route>
          </Routes>
        </BrowserRouter>
      </AuthProvider>
    </I18nProvider>
  );
}
