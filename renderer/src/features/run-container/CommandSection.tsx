/** What runs in the container and as whom: command, entrypoint, working directory, user, host name. */
import { TextField } from './Field';
import type { SectionProps } from './section';

export function CommandSection({ form, change, problems }: SectionProps) {
  const field = (name: 'command' | 'entrypoint' | 'workdir' | 'user' | 'hostname') => ({
    field: name,
    value: form[name],
    onChange: (value: string) => change((f) => ({ ...f, [name]: value })),
    problems: problems.byField.get(name),
  });
  return (
    <div className="run-grid run-grid--2">
      <TextField {...field('command')} label="Command" placeholder="The image’s own command" hint="Words as in a shell: quote what has spaces." mono />
      <TextField {...field('entrypoint')} label="Entrypoint" placeholder="The image’s own entrypoint" mono />
      <TextField {...field('workdir')} label="Working directory" placeholder="The image’s own" mono />
      <TextField {...field('user')} label="User" placeholder="The image’s own (name, uid or uid:gid)" mono />
      <TextField {...field('hostname')} label="Host name" placeholder="The container’s short id" mono />
    </div>
  );
}
