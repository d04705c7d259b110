import { BrowserRouter, Route, Routes } from 'react-router-dom';
import { AuthProvider } from './auth/AuthContext.tsx';
import { DefinitionProvider } from './definition/DefinitionContext.tsx';
import { I18nProvider } from './i18n/I18nContext.tsx';
import { HomeRedirect } from './layout/HomeRedirect.tsx';
import { RequireAuth } from './layout/RequireAuth.tsx';
import { Shell } from './layout/Shell.tsx';
import { DashboardPage } from './pages/DashboardPage.tsx';
import { ListPage } from './pages/ListPage.tsx';
import { LoginPage } from './pages/LoginPage.tsx';
import { RecordPage } from './pages/RecordPage.tsx';

/**
 * The operations workspace. Routes:
 *   /login · /dashboards/:dashboard · /e/:entity (list) · /e/:entity/new · /e/:entity/:id
 * Screens added later (the designer) mount beside these under the same shell.
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
              <Route path="*" element={<HomeRedirect />} />
            </Route>
          </Routes>
        </BrowserRouter>
      </AuthProvider>
    </I18nProvider>
  );
}
