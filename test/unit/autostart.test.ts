import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { autostartEntry, autostartFile, execArgument, launchCommand, setLinuxAutostart } from '../../electron/autostart';

describe('starting Berth at login on Linux', () => {
  it('uses the XDG autostart folder, honouring XDG_CONFIG_HOME only when it is absolute', () => {
    expect(autostartFile({}, '/home/ada')).toBe('/home/ada/.config/autostart/io.berth.desktop.desktop');
    expect(autostartFile({ XDG_CONFIG_HOME: '/cfg' }, '/home/ada')).toBe('/cfg/autostart/io.berth.desktop.desktop');
    expect(autostartFile({ XDG_CONFIG_HOME: 'relative' }, '/home/ada')).toBe('/home/ada/.config/autostart/io.berth.desktop.desktop');
  });

  it('starts the AppImage when Berth runs from one, the installed binary otherwise, and the app folder when unpackaged', () => {
    expect(launchCommand({ execPath: '/tmp/.mount_Berth/berth', appImage: '/home/ada/Apps/Berth.AppImage' })).toEqual(['/home/ada/Apps/Berth.AppImage']);
    expect(launchCommand({ execPath: '/opt/Berth/berth' })).toEqual(['/opt/Berth/berth']);
    expect(launchCommand({ execPath: '/src/node_modules/electron/dist/electron', appPath: '/src' })).toEqual(['/src/node_modules/electron/dist/electron', '/src']);
  });

  it('quotes paths the way the Desktop Entry specification asks', () => {
    expect(execArgument('/opt/Berth/berth')).toBe('/opt/Berth/berth');
    expect(execArgument('/home/ada/My Apps/Berth.AppImage')).toBe('"/home/ada/My Apps/Berth.AppImage"');
    expect(execArgument('/home/a"b/$x`y\\z')).toBe('"/home/a\\"b/\\$x\\`y\\\\z"');
    expect(execArgument('/home/100%/berth')).toBe('/home/100%%/berth');
  });

  it('writes the entry when turned on, leaves it alone when unchanged, and removes it when turned off', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'berth-autostart-')), 'autostart', 'io.berth.desktop.desktop');
    const command = ['/home/ada/My Apps/Berth.AppImage'];
    expect(setLinuxAutostart(true, command, file)).toBe(true);
    expect(fs.readFileSync(file, 'utf8')).toBe(autostartEntry(command));
    expect(fs.readFileSync(file, 'utf8')).toContain('Exec="/home/ada/My Apps/Berth.AppImage"\n');
    expect(setLinuxAutostart(true, command, file)).toBe(false);
    expect(setLinuxAutostart(false, command, file)).toBe(true);
    expect(fs.existsSync(file)).toBe(false);
    expect(setLinuxAutostart(false, command, file)).toBe(false);
  });
});
