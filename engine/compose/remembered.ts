/**
 * What Berth remembers about Compose between runs, in compose.json beside the settings: the projects the
 * user opened (most recent first, with their env files and profiles) and the Compose they chose.
 */
import fs from 'node:fs';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { z } from 'zod';

const RECENT_KEPT = 20;

const rememberedProject = z.object({
  name: z.string(),
  files: z.array(z.string()).min(1),
  workingDir: z.string(),
  envFiles: z.array(z.string()).default([]),
  profiles: z.array(z.string()).default([]),
  openedAt: z.number(),
});
export type RememberedProject = z.infer<typeof rememberedProject>;

const composeSettings = z.object({
  recent: z.array(rememberedProject).default([]),
  /** The command of the Compose the user chose; absent: the first found. */
  command: z.string().optional(),
});
type ComposeSettings = z.infer<typeof composeSettings>;

export class RememberedProjects {
  private settings: ComposeSettings;
  private readonly file: string;
  private writing: Promise<void> = Promise.resolve();

  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'compose.json');
    this.settings = RememberedProjects.read(this.file);
  }

  private static read(file: string): ComposeSettings {
    try {
      return composeSettings.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
    } catch {
      // Missing or unreadable: start afresh (remembered projects are a convenience, not data).
      return { recent: [] };
    }
  }

  get recent(): RememberedProject[] {
    return this.settings.recent;
  }

  get command(): string | undefined {
    return this.settings.command;
  }

  find(name: string): RememberedProject | undefined {
    return this.settings.recent.find((p) => p.name === name);
  }

  remember(project: Omit<RememberedProject, 'openedAt'>): Promise<void> {
    const recent = [{ ...project, openedAt: Date.now() }, ...this.settings.recent.filter((p) => p.name !== project.name)].slice(0, RECENT_KEPT);
    return this.save({ ...this.settings, recent });
  }

  forget(name: string): Promise<void> {
    return this.save({ ...this.settings, recent: this.settings.recent.filter((p) => p.name !== name) });
  }

  choose(command: string | undefined): Promise<void> {
    return this.save({ ...this.settings, command });
  }

  private save(settings: ComposeSettings): Promise<void> {
    this.settings = settings;
    this.writing = this.writing
      .catch(() => undefined)
      .then(async () => {
        await fs.promises.mkdir(path.dirname(this.file), { recursive: true });
        await writeFileAtomic(this.file, JSON.stringify(this.settings, null, 2));
      });
    return this.writing;
  }
}
