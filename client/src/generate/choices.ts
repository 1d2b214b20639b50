// What the user chose last time for a module (program, layout, final image), kept per workspace
// folder in the workspace's state, so the next Generate offers the same again.
import type * as vscode from 'vscode';
import type { FinalImage, ScaffoldLayout } from '../../../server/src/lsp/protocol.ts';

export interface GenerateChoice {
  /** The program (the default one of several). */
  main: string;
  layout: ScaffoldLayout;
  finalImage: FinalImage;
}

const STATE_KEY = 'goDockerfile.generate.choices';
/** Modules remembered per workspace; the oldest go first. */
const MAX_REMEMBERED = 50;

type Stored = Record<string, GenerateChoice & { at: number }>;

function isChoice(value: unknown): value is GenerateChoice {
  const v = value as Partial<GenerateChoice> | undefined;
  return typeof v?.main === 'string' && typeof v.layout === 'string' && typeof v.finalImage === 'string';
}

/** The key of a module: its workspace folder and its own URI (a workspace can hold several modules). */
export function choiceKey(folder: string | undefined, moduleUri: string): string {
  return `${folder ?? ''}|${moduleUri}`;
}

export class RememberedChoices {
  constructor(private readonly state: vscode.Memento) {}

  get(key: string): GenerateChoice | undefined {
    const stored = this.state.get<Stored>(STATE_KEY)?.[key];
    return isChoice(stored) ? { main: stored.main, layout: stored.layout, finalImage: stored.finalImage } : undefined;
  }

  async set(key: string, choice: GenerateChoice): Promise<void> {
    const stored: Stored = { ...(this.state.get<Stored>(STATE_KEY) ?? {}) };
    stored[key] = { ...choice, at: Date.now() };
    const keys = Object.keys(stored).sort((a, b) => stored[a].at - stored[b].at);
    for (const old of keys.slice(0, Math.max(0, keys.length - MAX_REMEMBERED))) delete stored[old];
    await this.state.update(STATE_KEY, stored);
  }
}
