// The questions of "Go: Generate Dockerfile": which program (ranked by the server, the clear choice
// marked recommended, groups apart, plus "all binaries in one image" and "one build target per
// binary"), and which final image. Each preselects what was chosen last time.
import * as vscode from 'vscode';
import type { FinalImage, RankedMainPackage, ScaffoldLayout, WorkspaceInfo } from '../../../server/src/lsp/protocol.ts';
import { MAIN_GROUP_LABELS, MAIN_GROUPS } from '../../../server/src/scaffold/rank.ts';
import type { GenerateChoice } from './choices.ts';

export interface ProgramChoice {
  layout: ScaffoldLayout;
  /** The program; for several, the default one. */
  main: string;
  /** For several: every program, the default first. */
  mains: string[];
}

interface ProgramItem extends vscode.QuickPickItem {
  choice?: ProgramChoice;
}

/** The programs an image of several holds: every main package but examples, tools and development programs (unless that is all). */
export function programsOf(info: WorkspaceInfo, entry: string): string[] {
  const shipped = info.mainPackages.filter((m) => m.group !== 'secondary');
  const pool = shipped.length > 0 ? shipped : info.mainPackages;
  return [entry, ...pool.map((m) => m.dir).filter((dir) => dir !== entry)];
}

function describe(main: RankedMainPackage, recommended: boolean): string {
  return [recommended ? 'recommended' : undefined, main.binaryName].filter(Boolean).join(' · ');
}

export function programItems(info: WorkspaceInfo): ProgramItem[] {
  const items: ProgramItem[] = [];
  const single = (main: RankedMainPackage, recommended: boolean): ProgramItem => {
    const item: ProgramItem = { label: main.dir, description: describe(main, recommended), choice: { layout: 'single', main: main.dir, mains: [main.dir] } };
    if (main.buildSource) item.detail = `Build settings from ${main.buildSource}`;
    return item;
  };
  const recommended = info.mainPackages.find((m) => m.dir === info.recommended);
  if (recommended) items.push(single(recommended, true));
  for (const group of MAIN_GROUPS) {
    const members = info.mainPackages.filter((m) => m.group === group && m !== recommended);
    if (members.length === 0) continue;
    items.push({ label: MAIN_GROUP_LABELS[group], kind: vscode.QuickPickItemKind.Separator });
    for (const main of members) items.push(single(main, false));
  }
  const entry = info.recommended ?? info.mainPackages[0]?.dir;
  const programs = entry === undefined ? [] : programsOf(info, entry);
  if (entry !== undefined && programs.length > 1) {
    items.push({ label: 'Several programs', kind: vscode.QuickPickItemKind.Separator });
    items.push({
      label: 'All binaries in one image',
      description: `${programs.length} programs; the image runs ${entry}`,
      choice: { layout: 'all-in-one', main: entry, mains: programs },
    });
    items.push({
      label: 'One build target per binary',
      description: `${programs.length} targets; the default builds ${entry}`,
      choice: { layout: 'per-target', main: entry, mains: programs },
    });
  }
  return items;
}

/** Asks which program the image runs. Undefined when the user cancels. */
export async function pickProgram(info: WorkspaceInfo, moduleName: string, remembered: GenerateChoice | undefined): Promise<ProgramChoice | undefined> {
  const items = programItems(info);
  const selectable = items.filter((i) => i.choice);
  const active =
    (remembered && selectable.find((i) => i.choice!.layout === remembered.layout && (remembered.layout !== 'single' || i.choice!.main === remembered.main))) ??
    selectable.find((i) => i.choice!.main === info.recommended && i.choice!.layout === 'single') ??
    selectable[0];
  const pick = vscode.window.createQuickPick<ProgramItem>();
  pick.title = `Generate Dockerfile for ${moduleName}`;
  pick.placeholder = 'Which program should the image run?';
  pick.items = items;
  pick.matchOnDescription = true;
  if (active) pick.activeItems = [active];
  return new Promise((resolve) => {
    let settled = false;
    const finish = (value: ProgramChoice | undefined) => {
      if (settled) return;
      settled = true;
      resolve(value);
      pick.dispose();
    };
    pick.onDidAccept(() => finish(pick.selectedItems[0]?.choice ?? pick.activeItems[0]?.choice));
    pick.onDidHide(() => finish(undefined));
    pick.show();
  });
}

interface FinalItem extends vscode.QuickPickItem {
  finalImage: FinalImage;
}

const FINAL_ITEMS: FinalItem[] = [
  { finalImage: 'distroless', label: 'distroless', description: 'recommended · gcr.io/distroless/static-debian12:nonroot', detail: 'CA certificates, time zones and a nonroot user, nothing else' },
  { finalImage: 'scratch', label: 'scratch', description: 'an empty image', detail: 'The smallest: CA certificates and time zones are added when the program needs them' },
  { finalImage: 'alpine', label: 'alpine', description: 'alpine:3.20', detail: 'A shell and apk for debugging inside the container' },
];

/** Asks for the final image. Undefined when the user cancels. */
export async function pickFinalImage(remembered: FinalImage | undefined): Promise<FinalImage | undefined> {
  const pick = vscode.window.createQuickPick<FinalItem>();
  pick.title = 'Generate Dockerfile';
  pick.placeholder = 'Which image should the program ship in?';
  pick.items = FINAL_ITEMS;
  pick.activeItems = [FINAL_ITEMS.find((i) => i.finalImage === remembered) ?? FINAL_ITEMS[0]];
  return new Promise((resolve) => {
    let settled = false;
    const finish = (value: FinalImage | undefined) => {
      if (settled) return;
      settled = true;
      resolve(value);
      pick.dispose();
    };
    pick.onDidAccept(() => finish((pick.selectedItems[0] ?? pick.activeItems[0])?.finalImage));
    pick.onDidHide(() => finish(undefined));
    pick.show();
  });
}
