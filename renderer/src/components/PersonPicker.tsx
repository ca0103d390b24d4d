import { useEffect, useState } from 'react';
import type { Person } from '../../../shared/people';
import { call } from '../api/client';
import { useSession } from '../app/session';
import type { FieldChildProps } from './Field';

/**
 * Who may be named for work (a reviewer, a finding's owner): the people list without auditors
 * or disabled people. On a team database only people of the directory (with a login), chosen
 * from a list; on this computer a name is typed, with the people here offered.
 */
export const usePeopleChoices = (): { directory: boolean; choices: Person[] } => {
  const { identity } = useSession();
  const [people, setPeople] = useState<Person[]>([]);
  useEffect(() => {
    call('people.list', {}).then(setPeople, () => setPeople([]));
  }, []);
  const directory = identity.mode === 'directory';
  return { directory, choices: people.filter((p) => !p.disabled && (!directory || p.login) && p.role !== 'auditor') };
};

type Props = FieldChildProps & { value: string; onChange: (name: string) => void; directory: boolean; choices: Person[]; listId: string; autoFocus?: boolean; disabled?: boolean };

/** The control itself (a Field wires its label to it); its datalist goes outside the Field with `PeopleList`. */
export const PersonControl = ({ value, onChange, directory, choices, listId, ...rest }: Props) =>
  directory ? (
    <select className="select" value={value} onChange={(e) => onChange(e.target.value)} {...rest}>
      <option value="">Choose a person of the team…</option>
      {choices.map((p) => <option key={p.id} value={p.name}>{p.name} ({p.login})</option>)}
    </select>
  ) : (
    <input className="input" value={value} onChange={(e) => onChange(e.target.value)} list={listId} {...rest} />
  );

export const PeopleList = ({ id, choices }: { id: string; choices: Person[] }) => <datalist id={id}>{choices.map((p) => <option key={p.id} value={p.name} />)}</datalist>;
