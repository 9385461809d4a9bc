/** One command of the registry (see commands.ts). Its own file so code that only matches commands needs nothing else. */
import type { CommandId } from './command-ids';

export interface Command {
  /** Unique and stable; made by `commandId` (app/command-ids.ts) from what the command is. */
  id: CommandId;
  /** Verb first, in the user's words: "Stop web", "Open logs of db", "Go to Engines". */
  title: string;
  /** The palette's heading for it: "Go to", "Containers", "Preferences". */
  group: string;
  /** More words that find it ("settings" for Preferences); a container's image, say. */
  keywords?: string[];
  /** Quiet text after the title: an image name, a state. */
  detail?: string;
  /** Keys shown beside it, e.g. ['G', 'C']. */
  shortcut?: string[];
  /** Listed only once the user types something (one per action per container would bury the rest). */
  searchOnly?: boolean;
  run(): void;
}
