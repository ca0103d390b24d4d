import { useEffect, useRef, useState, type FormEvent, type ReactElement } from 'react';
import { aiActClasses, exposures, lifecycleStatuses, sourcings, usageVolumes, type Model, type ModelInput } from '../../../../shared/model';
import { ApiError, call, errorMessage } from '../../api/client';
import { Dialog } from '../../components/Dialog';
import { Field, type FieldChildProps } from '../../components/Field';
import { blankFormState, errorsByField, formStateOf, validateForm, type FormErrors, type FormState } from './modelFormState';
import { Loading } from '../../components/Loading';

type Props = { model: Model | null; onCancel: () => void; onSaved: (m: Model, created: boolean) => void };

const LABELS: Record<keyof ModelInput, string> = {
  ref: 'Reference', name: 'Name', version: 'Version', status: 'Lifecycle status', description: 'Description',
  purpose: 'Purpose', intendedUse: 'Intended use', restrictions: 'Restrictions on use',
  businessUnit: 'Business unit', owner: 'Owner', developers: 'Developers', validator: 'Validator',
  maintainers: 'People able to maintain it', documentationUrl: 'Documentation link',
  tier: 'Materiality tier', exposure: 'Deployment exposure', usageVolume: 'Usage volume', aiActClass: 'EU AI Act class',
  sourcing: 'Sourcing', vendorName: 'Vendor', dataSources: 'Data sources',
  validatedEnv: 'Validated environment', productionEnv: 'Production environment', tags: 'Tags',
};

const HINTS: Partial<Record<keyof ModelInput, string>> = {
  developers: 'Comma-separated names',
  validator: 'Must differ from the developers; required from validation on',
  dataSources: 'Comma-separated, e.g. crm.events, bureau.scores',
  validatedEnv: 'Versions the model was verified on: python=3.11, scikit-learn=1.4.2',
  productionEnv: 'Versions running now, same form',
  tags: 'Lower-case, comma-separated',
  maintainers: 'Fewer than two is a skills-loss risk',
};

const CHOICES: Partial<Record<keyof ModelInput, readonly (string | number)[]>> = {
  status: lifecycleStatuses.filter((s) => s !== 'retired'),
  tier: [1, 2, 3],
  exposure: exposures,
  usageVolume: usageVolumes,
  aiActClass: aiActClasses,
  sourcing: sourcings,
};
const TIER_LABELS: Record<string, string> = { '1': '1 — high', '2': '2 — medium', '3': '3 — low' };
const LONG: (keyof ModelInput)[] = ['description', 'purpose', 'intendedUse', 'restrictions'];
const SECTIONS: [string, (keyof ModelInput)[]][] = [
  ['Identity', ['ref', 'name', 'version', 'status', 'description']],
  ['Purpose and use', ['purpose', 'intendedUse', 'restrictions']],
  ['People', ['businessUnit', 'owner', 'developers', 'validator', 'maintainers', 'documentationUrl']],
  ['Classification', ['tier', 'exposure', 'usageVolume', 'aiActClass', 'sourcing', 'vendorName']],
  ['Data and environment', ['dataSources', 'tags', 'validatedEnv', 'productionEnv']],
];

/** Create or edit a model: every field validated by the contract's own schema, errors beside the fields. */
export const ModelForm = ({ model, onCancel, onSaved }: Props) => {
  const [form, setForm] = useState<FormState | null>(model ? formStateOf(model) : null);
  const [errors, setErrors] = useState<FormErrors>({});
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);

  useEffect(() => {
    if (model) return;
    call('models.nextRef', {}).then(
      (r) => setForm(blankFormState(r.ref)),
      () => setForm(blankFormState('')),
    );
  }, [model]);

  const set = (key: keyof ModelInput, value: string): void => {
    if (!form) return;
    const next = { ...form, [key]: value, ...(key === 'sourcing' && value === 'in-house' ? { vendorName: '' } : {}) };
    setForm(next);
    if (submitted) {
      const v = validateForm(next);
      setErrors(v.ok ? {} : v.errors);
    }
  };

  const focusFirstError = (): void => {
    requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
  };

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (!form) return;
    setSubmitted(true);
    setFailure(null);
    const v = validateForm(form);
    if (!v.ok) {
      setErrors(v.errors);
      focusFirstError();
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const saved = model
        ? await call('models.update', { ref: model.ref, expectedUpdatedAt: model.updatedAt, fields: v.value })
        : await call('models.create', v.value);
      onSaved(saved, !model);
    } catch (err) {
      if (err instanceof ApiError && err.data.details?.issues?.length) {
        setErrors(errorsByField(err.data.details.issues));
        focusFirstError();
      }
      setFailure(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const control = (key: keyof ModelInput): ReactElement<FieldChildProps> => {
    const value = form?.[key] ?? '';
    const choices = CHOICES[key];
    if (choices) {
      return (
        <select className="select" value={value} onChange={(e) => set(key, e.target.value)}>
          {choices.map((c) => (
            <option key={c} value={String(c)}>{key === 'tier' ? TIER_LABELS[String(c)] : String(c)}</option>
          ))}
        </select>
      );
    }
    if (LONG.includes(key)) return <textarea className="textarea" value={value} onChange={(e) => set(key, e.target.value)} rows={2} />;
    return (
      <input
        className="input"
        value={value}
        onChange={(e) => set(key, e.target.value)}
        readOnly={key === 'ref' && model !== null}
        inputMode={key === 'maintainers' ? 'numeric' : undefined}
        autoFocus={key === 'name'}
      />
    );
  };

  return (
    <Dialog
      open
      onOpenChange={(o) => (o ? undefined : onCancel())}
      title={model ? `Edit ${model.ref}` : 'New model'}
      description={model ? model.name : 'Name, purpose, business unit, owner and at least one developer are required; a validator too from validation on.'}
      footer={
        <>
          <button className="btn" type="button" onClick={onCancel}>Cancel</button>
          <button className="btn btn-primary" type="submit" form="model-form" disabled={busy || !form}>
            {busy ? 'Saving…' : model ? 'Save changes' : 'Create model'}
          </button>
        </>
      }
    >
      {!form ? (
        <Loading label="Preparing the form" />
      ) : (
        <form id="model-form" ref={formRef} onSubmit={(e) => void submit(e)} noValidate>
          {failure ? <div className="form-error" role="alert">{failure}</div> : null}
          {SECTIONS.map(([title, keys]) => (
            <section key={title} aria-label={title}>
              <h3>{title}</h3>
              <div className="form-grid">
                {keys.map((k) =>
                  k === 'vendorName' && form.sourcing !== 'vendor' ? null : (
                    <Field key={k} label={LABELS[k]} error={errors[k]} hint={HINTS[k]} wide={LONG.includes(k) || k === 'dataSources'}>
                      {control(k)}
                    </Field>
                  ),
                )}
              </div>
            </section>
          ))}
        </form>
      )}
    </Dialog>
  );
};
