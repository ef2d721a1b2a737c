"""A stand-in for the browser's speech synthesis, for the read-aloud tests.

``stub_speech(context, voices)`` installs, before any page script runs, a ``speechSynthesis``
whose ``getVoices()`` answers ``voices`` and whose ``speak()`` records each utterance (text,
language, voice's name) in ``window.__speech.spoken`` instead of speaking. The first utterance
starts at once; ``window.__speech.next()`` ends the current one and starts the next, as a voice
finishing a sentence would; ``cancel()`` is counted in ``window.__speech.cancelled``.
``spoken(page)`` and ``highlighted(page)`` (the text of the sentence being highlighted) read it.
"""

from __future__ import annotations

import json

# A voice as Chromium describes one: localService is false for voices in the cloud.
VOICES = {
    "sv": {"name": "Svenska (phone)", "lang": "sv-SE", "localService": True, "default": False},
    "ar": {"name": "العربية (phone)", "lang": "ar-SA", "localService": True, "default": False},
    "fa": {"name": "فارسی (phone)", "lang": "fa-IR", "localService": True, "default": False},
    "en": {"name": "English (cloud)", "lang": "en-GB", "localService": False, "default": True},
}

_STUB = """
(() => {
  const voices = %s;
  const queue = [];
  let current = -1;
  const start = (utterance) => utterance && utterance.onstart && utterance.onstart({type: 'start'});
  window.__speech = {
    spoken: [],
    cancelled: 0,
    next() {
      const ending = queue[current];
      current += 1;
      if (ending && ending.onend) ending.onend({type: 'end'});
      start(queue[current]);
    },
  };
  window.SpeechSynthesisUtterance = class {
    constructor(text) { this.text = text; this.lang = ''; this.voice = null; }
  };
  const synthesis = {
    getVoices: () => voices,
    addEventListener() {},
    speak(utterance) {
      window.__speech.spoken.push({text: utterance.text, lang: utterance.lang,
                                   voice: utterance.voice && utterance.voice.name});
      queue.push(utterance);
      if (current < 0) { current = 0; setTimeout(() => start(utterance)); }
    },
    cancel() {
      window.__speech.cancelled += 1;
      const speaking = queue[current];
      queue.length = 0;
      current = -1;
      if (speaking && speaking.onerror) speaking.onerror({type: 'error', error: 'interrupted'});
    },
  };
  Object.defineProperty(window, 'speechSynthesis', {value: synthesis, configurable: true});
})();
"""


def stub_speech(context, voices: list[dict]) -> None:
    context.add_init_script(_STUB % json.dumps(voices))


def spoken(page) -> list[dict]:
    return page.evaluate("window.__speech.spoken")


def highlighted(page) -> str | None:
    """The sentence highlighted now, its whitespace as spoken; None when nothing is."""
    return page.evaluate(
        "(() => { const found = CSS.highlights.get('read-aloud');"
        " return found ? [...found][0].toString().replace(/\\s+/g, ' ').trim() : null; })()"
    )
