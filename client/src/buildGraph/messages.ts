// Messages between the extension host and the build graph webview. Types only: both sides import
// this file, and the webview bundle must not pull in vscode or server code.
import type { BuildGraph, GraphEdge, GraphFinding, GraphNode, StageNode } from '../../../server/src/engine/build-graph.ts';

export type { BuildGraph, GraphEdge, GraphFinding, GraphNode, StageNode };

/** Extension → webview. */
export type ToWebview =
  | {
      type: 'graph';
      /** The file name shown in the toolbar, e.g. "Dockerfile" or "deploy/Dockerfile". */
      fileName: string;
      graph: BuildGraph;
      /** The `--target` the picker shows; null for the default (last stage). */
      target: string | null;
    }
  | { type: 'message'; fileName: string | null; text: string };

/** Webview → extension. Lines and columns are 1-based, as in the graph. */
export type FromWebview =
  | { type: 'ready' }
  | { type: 'reveal'; line: number; column: number }
  | { type: 'target'; target: string | null };
