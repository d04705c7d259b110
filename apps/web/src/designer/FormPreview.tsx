import { useMemo, useState } from 'react';
import type { AppDefinition, Entity } from '@statecraft/schema';
import { RecordForm } from '../components/RecordForm.tsx';
import { DefinitionContext } from '../definition/DefinitionContext.tsx';
import { buildAppModel } from '../definition/app-model.ts';
import { useI18n } from '../i18n/useI18n.ts';

/** The generated form of the draft, live: the workspace's own RecordForm over the draft's model. */
export function FormPreview({ appId, definition, entity }: { appId: string; definition: AppDefinition; entity: Entity }) {
  const { t } = useI18n();
  const model = useMemo(() => buildAppModel(appId, 0, definition), [appId, definition]);
  const [data, setData] = useState<Record<string, unknown>>({});
  return (
    <div className="form-preview" data-testid="form-preview" aria-label={t('designer.preview')}>
      <h3>{t('designer.preview')}</h3>
      <DefinitionContext.Provider value={model}>
        <RecordForm entity={entity} data={data} editing creating onChange={setData} errors={{}} />
      </DefinitionContext.Provider>
    </div>
  );
}
