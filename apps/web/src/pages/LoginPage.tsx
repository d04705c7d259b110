import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useAuth } from '../auth/useAuth.ts';
import { useI18n } from '../i18n/useI18n.ts';

/** Sign-in with username and password (a session cookie). */
export function LoginPage() {
  const { login } = useAuth();
  const { t, lang, setLang } = useI18n();
  const navigate = useNavigate();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <div className="login">
      <form
        className="login-card"
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          setError(null);
          try {
            await login(username, password);
            navigate('/', { replace: true });
          } catch (err) {
            setError((err as Error).message || t('login.failed'));
          } finally {
            setBusy(false);
          }
        }}
      >
        <h1>{t('app.title')}</h1>
        <label>
          {t('login.username')}
          <input name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required />
        </label>
        <label>
          {t('login.password')}
          <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </label>
        {error && <div className="error-box" role="alert">{error}</div>}
        <button type="submit" className="primary" disabled={busy}>{t('login.submit')}</button>
        <button type="button" className="link" onClick={() => setLang(lang === 'zh-CN' ? 'en' : 'zh-CN')}>{t('nav.language')}</button>
      </form>
    </div>
  );
}
