/** Signs in to a registry: the engine checks the credentials with it, and nothing is kept unless they work. */
import { useState } from 'react';
import { messageOf } from '../../components/toasts/store';
import { FormDialog, Field } from '../../components/FormDialog';
import { useSignIn } from './api';

export function SignInDialog({ registry: initial, where, onClose }: { registry: string; where: string; onClose(): void }) {
  const signIn = useSignIn();
  const [registry, setRegistry] = useState(initial);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const blocked = !registry.trim() || !username.trim() || !password;

  return (
    <FormDialog
      title="Sign in to a registry"
      submitLabel={signIn.isPending ? 'Signing in…' : 'Sign in'}
      testId="sign-in-dialog"
      blocked={blocked}
      busy={signIn.isPending}
      onCancel={onClose}
      onSubmit={() => signIn.mutate({ registry: registry.trim(), username: username.trim(), password }, { onSuccess: onClose })}
    >
      <Field label="Registry" value={registry} onChange={setRegistry} mono placeholder="docker.io, ghcr.io, localhost:5000" hint="docker.io is Docker Hub." />
      <Field label="User name" value={username} onChange={setUsername} autoComplete="username" />
      <Field
        label="Password or access token"
        type="password"
        value={password}
        onChange={setPassword}
        autoComplete="current-password"
        problem={signIn.isError ? messageOf(signIn.error) : undefined}
        hint={where}
      />
    </FormDialog>
  );
}
