/**
 * The union-filesystem picture of an image: its history steps matched to its layers, and each layer's
 * sharing with the other local images. Pure, so the figures can be checked against the engine's own.
 *
 * A layer is shared when another image has the same layer on top of the same layers below it: that is its
 * chain id (the engine's identity for a layer on disk), not its content digest alone.
 */
import crypto from 'node:crypto';
import type { ImageLayers, ImageStep } from '../contract/images-types';

/** One entry of GET /images/{id}/history. */
export interface HistoryEntry {
  Id: string;
  Created: number;
  CreatedBy: string;
  Tags: string[] | null;
  Size: number;
  Comment: string;
}

/** The local images the sharing is counted among (what the engine lists, as `system df` counts them). */
export interface LocalImage {
  id: string;
  name: string;
  chain: string[];
}

const KEYWORDS = /^(RUN|COPY|ADD|ENV|CMD|ENTRYPOINT|LABEL|EXPOSE|WORKDIR|USER|VOLUME|STOPSIGNAL|HEALTHCHECK|SHELL|ARG|ONBUILD|MAINTAINER|FROM)\b/;
const LAYER_MAKERS = /^(RUN|COPY|ADD)\b/;
const METADATA = /^(ENV|CMD|ENTRYPOINT|LABEL|EXPOSE|USER|VOLUME|STOPSIGNAL|HEALTHCHECK|SHELL|ARG|ONBUILD|MAINTAINER)\b/;

/** The Dockerfile line a history entry came from, as the user wrote it. */
export function instructionOf(createdBy: string): string {
  let text = createdBy.trim().replace(/\s+# buildkit$/, '');
  if (!text) return '';
  // The classic builder records metadata steps as `/bin/sh -c #(nop) ENV …` and build arguments as `|2 A=1 B=2 …`.
  text = text.replace(/^\|\d+\s+(?:[A-Za-z_][A-Za-z0-9_]*=\S*\s+)*/, '');
  const nop = /^\/bin\/sh -c #\(nop\)\s*(.*)$/s.exec(text);
  if (nop) return nop[1]!.trim();
  const shell = /^\/bin\/sh -c\s+(.*)$/s.exec(text);
  if (shell) return `RUN ${shell[1]!.trim()}`;
  const buildkitRun = /^RUN \/bin\/sh -c\s+(.*)$/s.exec(text);
  if (buildkitRun) return `RUN ${buildkitRun[1]!.trim()}`;
  if (KEYWORDS.test(text)) return text;
  // An exec-form RUN (`RUN ["/bin/busybox", "--install"]`) is recorded as its bare command line.
  return `RUN ${text}`;
}

/**
 * Which history entries (oldest first) made which layer. The engine's history does not say which steps
 * made a layer; every step with a size did, and a step without one did only when the layer count says
 * so (a RUN that changed nothing can still leave an empty layer). Ambiguity can only involve empty
 * layers, so sizes and totals stay right even when `matched` is false.
 */
export function matchLayers(history: Pick<HistoryEntry, 'Size' | 'CreatedBy'>[], layerCount: number): { layerOf: (number | undefined)[]; matched: boolean } {
  const sized = history.map((h) => h.Size > 0);
  const missing = layerCount - sized.filter(Boolean).length;
  let matched = missing >= 0;
  const makes = [...sized];
  if (missing > 0) {
    // Steps that change files may leave an empty layer (WORKDIR creates its folder); metadata steps never do.
    const empty = history.map((h, i) => (sized[i] ? -1 : i)).filter((i) => i >= 0);
    const makers = empty.filter((i) => LAYER_MAKERS.test(instructionOf(history[i]!.CreatedBy)));
    const candidates = [...makers, ...empty.filter((i) => !makers.includes(i) && !METADATA.test(instructionOf(history[i]!.CreatedBy)))];
    matched = candidates.length === missing;
    for (const i of candidates.slice(0, missing)) makes[i] = true;
  }
  let next = 0;
  const layerOf = makes.map((m) => (m && next < layerCount ? next++ : undefined));
  return { layerOf, matched: matched && next === layerCount };
}

/** The chain id of each layer: the first layer's diff id, then sha256 of "<chain below> <diff id>". */
export function chainIds(diffIds: string[]): string[] {
  const chain: string[] = [];
  for (const diff of diffIds) {
    const below = chain.at(-1);
    chain.push(below === undefined ? diff : `sha256:${crypto.createHash('sha256').update(`${below} ${diff}`).digest('hex')}`);
  }
  return chain;
}

export interface ImageFacts {
  id: string;
  tags: string[];
  size: number;
  created: number;
  os: string;
  architecture: string;
  diffIds: string[];
}

/** Images with a name before those known only by id, so "shared with" names something recognisable. */
const namedFirst = (a: LocalImage, b: LocalImage) => Number(/^[0-9a-f]{12}$/.test(a.name)) - Number(/^[0-9a-f]{12}$/.test(b.name)) || a.name.localeCompare(b.name);

/** An image's steps with their layers and sharing. `history` is as the engine gives it (newest first). */
export function describeLayers(image: ImageFacts, history: HistoryEntry[], locals: LocalImage[]): ImageLayers {
  const oldestFirst = [...history].reverse();
  const chain = chainIds(image.diffIds);
  const { layerOf, matched } = matchLayers(oldestFirst, chain.length);
  const usersOf = (layer: number) => locals.filter((img) => img.chain[layer] === chain[layer]);

  let sharedBytes = 0;
  let uniqueBytes = 0;
  let savedBytes = 0;
  const steps: ImageStep[] = oldestFirst.map((h, i) => {
    const layer = layerOf[i];
    const others = layer === undefined ? [] : usersOf(layer).filter((img) => img.id !== image.id).sort(namedFirst);
    if (layer !== undefined) {
      if (others.length) {
        sharedBytes += h.Size;
        savedBytes += h.Size * others.length;
      } else uniqueBytes += h.Size;
    }
    return {
      instruction: instructionOf(h.CreatedBy) || (h.Comment ? `(${h.Comment})` : '(no instruction recorded)'),
      created: h.Created,
      size: h.Size,
      layer,
      tags: (h.Tags ?? []).filter((t) => t !== '<none>:<none>'),
      sharedWith: others.map(({ id, name }) => ({ id, name })),
      comment: h.Comment || undefined,
    };
  });
  return {
    id: image.id,
    tags: image.tags,
    size: image.size,
    created: image.created,
    os: image.os,
    architecture: image.architecture,
    steps,
    layerCount: chain.length,
    sharedBytes,
    uniqueBytes,
    savedBytes,
    matched,
  };
}
