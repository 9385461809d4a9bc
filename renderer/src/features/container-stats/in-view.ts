/**
 * Whether an element is on screen (or about to be), from one IntersectionObserver shared by every row,
 * so a list of hundreds of containers streams stats only for the dozen the user can see.
 */
import { useEffect, useState } from 'react';
import type { RefObject } from 'react';

const callbacks = new WeakMap<Element, (visible: boolean) => void>();
let observer: IntersectionObserver | undefined;

function shared(): IntersectionObserver {
  observer ??= new IntersectionObserver(
    (entries) => {
      for (const e of entries) callbacks.get(e.target)?.(e.isIntersecting);
    },
    { rootMargin: '64px 0px' },
  );
  return observer;
}

export function useInView(ref: RefObject<Element | null>): boolean {
  const [visible, setVisible] = useState(false);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    callbacks.set(element, setVisible);
    shared().observe(element);
    return () => {
      shared().unobserve(element);
      callbacks.delete(element);
    };
  }, [ref]);
  return visible;
}
