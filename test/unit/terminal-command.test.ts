import { describe, expect, it } from 'vitest';
import { splitWords } from '../../engine/docker/terminal';
import { PidAnnouncement, announcingPid } from '../../engine/docker/terminal-hangup';

describe('a command typed for a container without a shell', () => {
  it('is split into words the way a shell would, quotes and backslashes included', () => {
    expect(splitWords('ls -la /var/log')).toEqual(['ls', '-la', '/var/log']);
    expect(splitWords(`echo "two words" 'single "quoted"' a\\ b`)).toEqual(['echo', 'two words', 'single "quoted"', 'a b']);
    expect(splitWords(`printf "%s\\n" ''`)).toEqual(['printf', '%s\\n', '']);
    expect(splitWords('  spaced   out  ')).toEqual(['spaced', 'out']);
  });
});

describe('the PID a terminal announces', () => {
  const announced = Buffer.from('\x1b]7777;berth-pid=4242\x07\r\n/ # ');

  it('is taken out of the output however the output is cut', () => {
    for (let cut = 0; cut <= announced.length; cut++) {
      const a = new PidAnnouncement();
      const shown = Buffer.concat([a.strip(announced.subarray(0, cut)), a.strip(announced.subarray(cut))]).toString();
      expect(shown).toBe('\r\n/ # ');
      expect(a.pid).toBe(4242);
    }
  });

  it('leaves output alone that does not start with it', () => {
    const a = new PidAnnouncement();
    expect(a.strip(Buffer.from('\x1b[31mred')).toString()).toBe('\x1b[31mred');
    expect(a.strip(Buffer.from('\x1b]7777;berth-pid=1\x07')).toString()).toBe('\x1b]7777;berth-pid=1\x07');
    expect(a.pid).toBeUndefined();
  });

  it('starts the command through sh, which announces its PID and then becomes the command', () => {
    expect(announcingPid('/bin/sh', ['/bin/bash'])).toEqual(['/bin/sh', '-c', `printf '\\033]7777;berth-pid=%s\\007' "$$"; exec "$@"`, 'berth-terminal', '/bin/bash']);
  });
});
