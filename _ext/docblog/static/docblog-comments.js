/* docblog: comments under a post, loaded only when the reader asks for them.
 *
 * Linked only from posts that show comments (docblog/comments.html). The page holds the
 * provider's settings in data-* attributes of <section class="docblog-comments">; nothing
 * of the provider is requested until the reader presses "Show comments". Then its script
 * is added to the post (giscus, utterances, Disqus, Isso or Remark42), in the theme's light
 * or dark mode (Furo's body[data-theme], pydata-sphinx-theme's html[data-theme], else the
 * system's colour scheme), and later changes of the mode are passed on where the provider
 * takes them (giscus and utterances by postMessage, Remark42 by its changeTheme).
 *
 * Without this script, the button of giscus and utterances is a link to the post's
 * discussion on GitHub; here it becomes a real button. The other providers' comments are
 * hidden without it (they have no page of their own for a thread); here they are shown.
 */
(function () {
  "use strict";

  function mode() {
    var body = document.body ? document.body.getAttribute("data-theme") : null;
    var root = document.documentElement.getAttribute("data-theme");
    if (body === "light" || body === "dark") return body;
    if (root === "light" || root === "dark") return root;
    return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }

  function optionsOf(section) {
    var found = {};
    Array.prototype.forEach.call(section.attributes, function (attribute) {
      if (attribute.name.indexOf("data-option-") === 0) found[attribute.name.slice(12)] = attribute.value;
    });
    return found;
  }

  function script(src, attributes) {
    var element = document.createElement("script");
    element.async = true;
    Object.keys(attributes).forEach(function (name) { element.setAttribute(name, attributes[name]); });
    element.src = src;
    return element;
  }

  function block(thread, id) {
    var element = document.createElement("div");
    element.id = id;
    thread.appendChild(element);
    return element;
  }

  function post(thread, selector, message, origin) {
    var frame = thread.querySelector(selector);
    if (frame && frame.contentWindow) frame.contentWindow.postMessage(message, origin);
  }

  var PROVIDERS = {
    giscus: {
      load: function (section, thread, options) {
        var attributes = { crossorigin: "anonymous", "data-theme": mode() };
        Object.keys(options).forEach(function (name) { attributes["data-" + name] = options[name]; });
        return script(section.getAttribute("data-script"), attributes);
      },
      follow: function (section, thread, current) {
        post(thread, "iframe.giscus-frame", { giscus: { setConfig: { theme: current } } },
             section.getAttribute("data-origin"));
      }
    },
    utterances: {
      load: function (section, thread, options) {
        var attributes = { crossorigin: "anonymous", theme: "github-" + mode() };
        Object.keys(options).forEach(function (name) { attributes[name] = options[name]; });
        return script(section.getAttribute("data-script"), attributes);
      },
      follow: function (section, thread, current) {
        post(thread, "iframe.utterances-frame", { type: "set-theme", theme: "github-" + current },
             section.getAttribute("data-origin"));
      }
    },
    disqus: {
      load: function (section, thread, options) {
        block(thread, "disqus_thread");
        window.disqus_config = function () {
          this.page.identifier = options.identifier;
          this.page.url = options.url || window.location.href.split("#")[0];
          this.page.title = options.title;
        };
        return script(section.getAttribute("data-script"), { "data-timestamp": String(Date.now()) });
      }
    },
    isso: {
      load: function (section, thread, options) {
        block(thread, "isso-thread");
        var base = section.getAttribute("data-base");
        return script(section.getAttribute("data-script"), {
          "data-isso": base.replace(/\/$/, ""), "data-isso-lang": options.lang || "en"
        });
      }
    },
    remark42: {
      load: function (section, thread, options) {
        block(thread, "remark42");
        window.remark_config = {
          host: section.getAttribute("data-base").replace(/\/$/, ""),
          site_id: options["site-id"],
          components: ["embed"],
          url: window.location.href.split("#")[0],
          theme: mode(),
          locale: options.locale
        };
        return script(section.getAttribute("data-script"), { type: "module" });
      },
      follow: function (section, thread, current) {
        if (window.REMARK42 && window.REMARK42.changeTheme) window.REMARK42.changeTheme(current);
      }
    }
  };

  function followTheTheme(provider, section, thread) {
    if (!provider.follow) return;
    var last = mode();
    function changed() {
      var current = mode();
      if (current !== last) {
        last = current;
        provider.follow(section, thread, current);
      }
    }
    var observer = new MutationObserver(changed);
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
    observer.observe(document.body, { attributes: true, attributeFilter: ["data-theme"] });
    if (window.matchMedia) {
      var query = window.matchMedia("(prefers-color-scheme: dark)");
      if (query.addEventListener) query.addEventListener("change", changed);
    }
  }

  function prepare(section) {
    var provider = PROVIDERS[section.getAttribute("data-docblog-comments")];
    var control = section.querySelector(".docblog-comments-button");
    var thread = section.querySelector(".docblog-comments-thread");
    var note = section.querySelector(".docblog-comments-note");
    if (!provider || !control || !thread || !section.getAttribute("data-script")) return;
    var button = control;
    if (control.tagName !== "BUTTON") {  // the link to the discussion, as a button
      button = document.createElement("button");
      button.type = "button";
      button.className = control.className;
      button.textContent = control.textContent;
      control.parentNode.replaceChild(button, control);
    }
    section.hidden = false;
    button.addEventListener("click", function () {
      if (section.hasAttribute("data-loading")) return;
      section.setAttribute("data-loading", "");
      var element = provider.load(section, thread, optionsOf(section));
      element.addEventListener("error", function () {  // offline, or blocked: let them try again
        element.parentNode.removeChild(element);
        thread.textContent = "";
        section.removeAttribute("data-loading");
        button.hidden = false;
        if (note) note.hidden = false;
        button.focus();
      });
      thread.appendChild(element);
      button.hidden = true;
      if (note) note.hidden = true;
      thread.focus();
      if (!section.hasAttribute("data-following")) {
        section.setAttribute("data-following", "");
        followTheTheme(provider, section, thread);
      }
    });
  }

  function ready() {
    Array.prototype.forEach.call(document.querySelectorAll("section.docblog-comments"), prepare);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();
