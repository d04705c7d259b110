import { ConnectorCard } from '../components/ConnectorCard.tsx';
import { OrderFileImport } from '../components/OrderFileImport.tsx';
import { useAppModel } from '../definition/useAppModel.ts';
import { useIntakeConnectors } from '../hooks/useIntakeConnectors.ts';
import { useI18n } from '../i18n/useI18n.ts';

/**
 * Channel intake: every intake connector of the published definition as the API lists it (sandbox
 * or live, schedule, last run with its counts and errors, sync log, dead windows with retry, run
 * now), and the manual import of an order file. Actions only for the roles the server allows.
 */
export function IntakePage() {
  const model = useAppModel();
  const { t } = useI18n();
  const { data, error, reload } = useIntakeConnectors(model.appId);
  return (
    <div className="page intake-page">
      <header className="page-head">
        <h1>{t('intake.title')}</h1>
      </header>
      {error && <div className="error-box">{error.message}</div>}
      {!data && !error && <p className="muted">{t('common.loading')}</p>}
      <div className="connector-grid">
        {data?.items.map((c) => <ConnectorCard key={c.id} appId={model.appId} connector={c} mayRun={data.permissions.run} onChanged={reload} />)}
      </div>
      {data?.permissions.run && <OrderFileImport appId={model.appId} onImported={reload} />}
    </div>
  );
}
