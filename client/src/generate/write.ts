// Writing the generated files: one WorkspaceEdit (create + insert for a new file, a whole-text
// replace for an existing one), so Undo takes it back and it works on any file system VS Code
// has (virtual ones included). Only vscode APIs: no Node modules, so the browser build can use it.
import * as vscode from 'vscode';

export interface PlannedFile {
  uri: vscode.Uri;
  text: string;
  /** A new file, or new text for an existing one. */
  mode: 'create' | 'replace';
}

/** What is at a URI: nothing, a file (with its text) or something else. */
export async function readIfFile(uri: vscode.Uri): Promise<{ kind: 'missing' } | { kind: 'file'; text: string } | { kind: 'other' }> {
  let stat: vscode.FileStat;
  try {
    stat = await vscode.workspace.fs.stat(uri);
  } catch {
    return { kind: 'missing' };
  }
  if (!(stat.type & vscode.FileType.File)) return { kind: 'other' };
  // An open editor may hold text not saved yet: that is what the user sees.
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return { kind: 'file', text: open.getText() };
  return { kind: 'file', text: new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)) };
}

export async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** Applies every file in one undoable edit, then saves them. Throws with a message when the edit is refused. */
export async function writeFiles(files: readonly PlannedFile[], label: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  const metadata: vscode.WorkspaceEditEntryMetadata = { label, needsConfirmation: false };
  for (const file of files) {
    if (file.mode === 'create') {
      edit.createFile(file.uri, { overwrite: false, ignoreIfExists: false }, metadata);
      edit.insert(file.uri, new vscode.Position(0, 0), file.text, metadata);
    } else {
      const document = await vscode.workspace.openTextDocument(file.uri);
      const whole = new vscode.Range(new vscode.Position(0, 0), document.lineAt(document.lineCount - 1).range.end);
      edit.replace(file.uri, whole, file.text, metadata);
    }
  }
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error('VS Code did not apply the edit (is the folder read-only?)');
  for (const file of files) {
    const document = await vscode.workspace.openTextDocument(file.uri);
    if (document.isDirty && !(await document.save())) throw new Error(`${vscode.workspace.asRelativePath(file.uri)} could not be saved`);
  }
}
