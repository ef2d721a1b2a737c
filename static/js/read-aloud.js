// "Listen" reads the page's own text aloud (the elements marked data-read-aloud: the verdict, the
// credentials' titles and the explanations), sentence by sentence, highlighting the sentence
// being read. Only voices that run on the phone itself are used (localService), so no word leaves
// it; where the phone has no such voice for the page's language the button stays hidden, and a
// part written in another language (a Swedish title on a Persian page) is read by a voice for
// that language or not at all, never by one that would mispronounce it.
(function () {
  var box = document.querySelector(".read-aloud");
  var synth = window.speechSynthesis;
  if (!box || !synth || !window.SpeechSynthesisUtterance) {
    return;
  }
  var button = box.querySelector("button");
  var label = button.querySelector(".read-aloud-label");
  var listenLabel = label.textContent;
  var highlights = window.CSS && CSS.highlights && window.Highlight ? CSS.highlights : null;
  var run = 0;  // each reading's number: events of a stopped one are ignored
  var marked = null;  // without the Highlight API the element being read is marked instead

  function primary(tag) {
    return (tag || "").toLowerCase().split(/[-_]/)[0];
  }

  function voiceFor(language) {
    var voices = synth.getVoices().filter(function (voice) {
      return voice.localService && primary(voice.lang) === primary(language);
    });
    return voices.filter(function (voice) { return voice.default; })[0] || voices[0] || null;
  }

  function offer() {
    box.hidden = !voiceFor(document.documentElement.lang);
  }

  // The text a sighted reader sees in an element (not what is there for screen readers only),
  // each text node with the offset where it starts.
  function textOf(element) {
    var walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        var hidden = node.parentElement.closest(".visually-hidden, [aria-hidden=true]");
        return hidden ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      }
    });
    var nodes = [];
    var text = "";
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      nodes.push({ node: node, start: text.length });
      text += node.data;
    }
    return { nodes: nodes, text: text };
  }

  // The text node and offset of a character position; an end belongs to the node before it.
  function point(nodes, offset, isEnd) {
    for (var i = nodes.length - 1; i > 0; i--) {
      if (isEnd ? nodes[i].start < offset : nodes[i].start <= offset) {
        break;
      }
    }
    return [nodes[i].node, offset - nodes[i].start];
  }

  // A part that starts with a digit or a small letter goes on the sentence before it: the
  // segmenter knows no abbreviations ("kl. 09:12", "t.ex. en").
  function sentencesOf(text, language) {
    if (!window.Intl || !Intl.Segmenter) {
      return [{ index: 0, segment: text }];
    }
    var parts = [];
    Array.from(new Intl.Segmenter(language, { granularity: "sentence" }).segment(text)).forEach(
      function (part) {
        var before = parts[parts.length - 1];
        if (before && /^[\p{Ll}\p{Nd}]/u.test(part.segment)) {
          before.segment += part.segment;
        } else {
          parts.push({ index: part.index, segment: part.segment });
        }
      }
    );
    return parts;
  }

  // One utterance per sentence of the marked elements, in the order the page shows them.
  function sentences() {
    var found = [];
    document.querySelectorAll("[data-read-aloud]").forEach(function (element) {
      var language = (element.closest("[lang]") || document.documentElement).lang;
      var voice = voiceFor(language);
      if (!voice || element.parentElement.closest("[data-read-aloud]")) {
        return;
      }
      var content = textOf(element);
      sentencesOf(content.text, language).forEach(function (part) {
        var said = part.segment.trim();
        if (!said) {
          return;
        }
        var start = part.index + part.segment.indexOf(said);
        var range = document.createRange();
        range.setStart.apply(range, point(content.nodes, start, false));
        range.setEnd.apply(range, point(content.nodes, start + said.length, true));
        var utterance = new SpeechSynthesisUtterance(said.replace(/\s+/g, " "));
        utterance.lang = language;
        utterance.voice = voice;
        found.push({ utterance: utterance, range: range, element: element });
      });
    });
    return found;
  }

  function show(sentence) {
    var folded = sentence.element.closest("details");
    if (folded) {
      folded.open = true;
    }
    if (highlights) {
      highlights.set("read-aloud", new Highlight(sentence.range));
    } else {
      unmark();
      marked = sentence.element;
      marked.classList.add("is-read-aloud");
    }
    sentence.element.scrollIntoView({ block: "nearest" });
  }

  function unmark() {
    if (marked) {
      marked.classList.remove("is-read-aloud");
      marked = null;
    }
  }

  function stop() {
    run += 1;
    synth.cancel();
    if (highlights) {
      highlights.delete("read-aloud");
    }
    unmark();
    button.classList.remove("is-reading");
    label.textContent = listenLabel;
  }

  function read() {
    stop();
    var reading = run;
    var queue = sentences();
    queue.forEach(function (sentence, index) {
      sentence.utterance.onstart = function () {
        if (reading === run) {
          show(sentence);
        }
      };
      sentence.utterance.onend = sentence.utterance.onerror = function (event) {
        if (reading === run && (index === queue.length - 1 || event.type === "error")) {
          stop();
        }
      };
      synth.speak(sentence.utterance);
    });
    if (queue.length) {
      button.classList.add("is-reading");
      label.textContent = button.dataset.stopLabel;
    }
  }

  button.addEventListener("click", function () {
    if (button.classList.contains("is-reading")) {
      stop();
    } else {
      read();
    }
  });
  window.addEventListener("pagehide", stop);
  // Phones load their voices after the page: offer the button once they are there.
  synth.addEventListener("voiceschanged", offer);
  offer();
})();
