// htm templates bound to Preact: markup written in the page's own JavaScript, no build step.
import { h } from 'preact';
import htm from 'htm';

export const html = htm.bind(h);
