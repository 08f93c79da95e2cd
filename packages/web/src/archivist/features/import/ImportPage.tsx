import { useState } from 'react';
import { Card, Steps } from 'antd';
import { useSearchParams } from 'react-router-dom';
import type { ImportView } from '@lantai/api';
import { useI18n } from '../../../i18n/index.tsx';
import { PageHeader } from '../../../ui/PageHeader.tsx';
import { CommitStep } from './CommitStep.tsx';
import { MappingStep } from './MappingStep.tsx';
import { UploadStep } from './UploadStep.tsx';
import { ValidateStep } from './ValidateStep.tsx';

type Stage =
  | { step: 0 }
  | { step: 1; imp: ImportView }
  | { step: 2; imp: ImportView; jobId: string }
  | { step: 3; imp: ImportView; jobId: string };

/**
 * 目录导入, a wizard: 1 choose the 门类 and upload xlsx/csv → 2 preview and map columns → 3 validate (a job; the
 * bad rows with reasons) → 4 commit (a job; all or nothing). `?category=` preselects the 门类.
 */
export function ImportPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const categoryId = params.get('category');
  const [stage, setStage] = useState<Stage>({ step: 0 });
  const steps = (['upload', 'mapping', 'validate', 'commit'] as const).map((k) => ({ title: <span data-testid={`import-step-${k}`}>{t.imports.steps[k]}</span> }));

  return (
    <>
      <PageHeader title={t.imports.title} testId="page-title" intro={t.imports.lead} />
      <Card style={{ marginBottom: 16 }}>
        <Steps current={stage.step} items={steps} data-testid="import-steps" data-step={stage.step} />
      </Card>
      {stage.step === 0 && (
        <UploadStep
          categoryId={categoryId}
          onCategory={(id) => setParams(id ? { category: id } : {})}
          onUploaded={(imp) => setStage({ step: 1, imp })}
        />
      )}
      {stage.step === 1 && (
        <MappingStep
          imp={stage.imp}
          onBack={() => setStage({ step: 0 })}
          onValidating={(imp, jobId) => setStage({ step: 2, imp, jobId })}
        />
      )}
      {stage.step === 2 && (
        <ValidateStep
          key={stage.jobId}
          imp={stage.imp}
          jobId={stage.jobId}
          onRestart={() => setStage({ step: 0 })}
          onFixMapping={(imp) => setStage({ step: 1, imp })}
          onCommitting={(imp, jobId) => setStage({ step: 3, imp, jobId })}
        />
      )}
      {stage.step === 3 && <CommitStep imp={stage.imp} jobId={stage.jobId} onAnother={() => setStage({ step: 0 })} />}
    </>
  );
}
