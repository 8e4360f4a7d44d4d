/* docblog: filter the blog index by category without a page load.
 *
 * Progressive enhancement only. Without this script every category chip is a link to its
 * category page, which lists the same posts. With it, on the blog index (and its pages 2,
 * 3, …), a chip clicked without modifier keys, or activated with Enter or Space:
 *
 * - marks itself aria-current="page" and announces "N posts in <Category>" in #docblog-count
 *   (an aria-live region), in the form the page language's plural rule gives N: the listing
 *   carries one template per CLDR plural category (data-docblog-count-forms, JSON) and
 *   Intl.PluralRules picks one ("other" when a category has no template);
 * - shows every listed post of that category, from all pages, rendered from the JSON index
 *   blog/posts.json (fetched once, URLs relative to that file), and hides the pagination;
 * - changes the address to ?category=<slug>, so the view can be shared and Back/Forward
 *   restore the previous filter. Loading such an address shows the filtered view at once.
 *
 * When the index cannot be fetched (a site opened from file://), the cards on the current
 * page are filtered instead, and the pagination links keep the filter.
 *
 * The cards shown are those docblog rendered with its card template (the same markup as on
 * the pages, a site's own docblog/card.html included), read from the JSON index; author
 * text in them was escaped when they were rendered.
 */
(function () {
  "use strict";

  var PARAM = "category";
  var SAFE_PROTOCOLS = ["http:", "https:", "file:"];

  var DEFAULT_COUNTS = { one: "%(num)d post in %(category)s", other: "%(num)d posts in %(category)s" };

  // The count line's templates by plural category: the JSON attribute, else the one/other
  // attributes of a site's own listing template written before it, else English.
  function countTemplates(listing) {
    var templates = null;
    try {
      templates = JSON.parse(listing.getAttribute("data-docblog-count-forms") || "null");
    } catch (error) {
      templates = null;
    }
    if (!templates || typeof templates !== "object" || typeof templates.other !== "string") {
      templates = {
        one: listing.getAttribute("data-docblog-count-one") || DEFAULT_COUNTS.one,
        other: listing.getAttribute("data-docblog-count-other") || DEFAULT_COUNTS.other
      };
    }
    return templates;
  }

  // Intl.PluralRules for the page's language, or null where it is missing (n === 1 then).
  function pluralRulesFor(lang) {
    if (!window.Intl || !window.Intl.PluralRules) {
      return null;
    }
    try {
      return new window.Intl.PluralRules(lang);
    } catch (error) {
      return new window.Intl.PluralRules("en");
    }
  }

  function setup() {
    var listing = document.querySelector(".docblog-listing[data-docblog-posts]");
    if (!listing || !window.history || !window.history.pushState || !window.URL ||
        !window.URLSearchParams || !window.fetch || !window.Promise ||
        !Element.prototype.closest || !Element.prototype.replaceChildren ||
        !Element.prototype.append) {
      return; // an older browser: the chips stay plain links to the category pages
    }
    var chipNav = listing.querySelector(".docblog-chips");
    var chips = Array.prototype.slice.call(listing.querySelectorAll(".docblog-chip[data-category]"));
    var count = listing.querySelector(".docblog-count");
    var original = listing.querySelector(".docblog-cards");
    if (!chipNav || !chips.length || !count || !original) {
      return;
    }
    var cards = Array.prototype.slice.call(original.querySelectorAll(".docblog-card"));
    var pagination = listing.querySelector(".docblog-pagination");
    var pageLinks = pagination ? Array.prototype.slice.call(pagination.querySelectorAll("a[href]")) : [];
    var pageHrefs = pageLinks.map(function (link) { return link.getAttribute("href"); });
    var allCountLine = count.textContent;
    var labels = countTemplates(listing);
    var pluralRules = pluralRulesFor(listing.getAttribute("data-docblog-lang") ||
      document.documentElement.getAttribute("lang") || "en");
    var indexUrl = new URL(listing.getAttribute("data-docblog-posts"), document.baseURI);
    var results = null; // the cards rendered from the index, while a category is shown
    var loading = null; // Promise of the parsed index
    var current = ""; // slug shown now; "" = all posts

    function chipFor(slug) {
      for (var i = 0; i < chips.length; i++) {
        if (chips[i].getAttribute("data-category") === slug) {
          return chips[i];
        }
      }
      return null;
    }

    function chipName(chip) {
      var first = chip.firstChild;
      return (first && first.nodeType === Node.TEXT_NODE ? first.nodeValue : chip.textContent).trim();
    }

    function countLine(number, category) {
      var form = pluralRules ? pluralRules.select(number) : (number === 1 ? "one" : "other");
      var template = Object.prototype.hasOwnProperty.call(labels, form) ? labels[form] : labels.other;
      // Functions, so that "$&" in a category name is not read as a replacement pattern.
      return template.replace("%(num)d", function () { return String(number); })
        .replace("%(category)s", function () { return category; });
    }

    function slugFromAddress() {
      var slug = new URLSearchParams(window.location.search).get(PARAM) || "";
      return slug && chipFor(slug) ? slug : "";
    }

    function addressFor(slug) {
      var url = new URL(window.location.href);
      if (slug) {
        url.searchParams.set(PARAM, slug);
      } else {
        url.searchParams.delete(PARAM);
      }
      return url.href;
    }

    function loadIndex() {
      if (!loading) {
        loading = window.fetch(indexUrl.href, { credentials: "same-origin" }).then(function (response) {
          if (!response.ok) {
            throw new Error("docblog: " + indexUrl.href + " answered " + response.status);
          }
          return response.json();
        }).then(function (data) {
          if (!data || !Array.isArray(data.posts)) {
            throw new Error("docblog: " + indexUrl.href + " is not a posts index");
          }
          return data;
        });
        loading.catch(function () { /* handled where it is used: the page's cards are filtered */ });
      }
      return loading;
    }

    function safeHref(relative) {
      try {
        var url = new URL(String(relative), indexUrl);
        return SAFE_PROTOCOLS.indexOf(url.protocol) === -1 ? null : url.href;
      } catch (error) {
        return null;
      }
    }

    /* A card from the index: the markup docblog rendered with docblog/card.html (a site's own
     * version included), autoescaped on the server. It is parsed in an inert <template> (no
     * script runs), and its links, relative to the index file, are resolved; a link to any
     * other kind of address is dropped. */
    function renderCard(post) {
      var template = document.createElement("template");
      template.innerHTML = typeof post.card === "string" ? post.card : "";
      var card = template.content.firstElementChild;
      if (!card) {
        return null;
      }
      [card].concat(Array.prototype.slice.call(card.querySelectorAll("[href], [src]")))
        .forEach(function (node) {
          ["href", "src"].forEach(function (name) {
            if (node.hasAttribute(name)) {
              var href = safeHref(node.getAttribute(name));
              if (href) {
                node.setAttribute(name, href);
              } else {
                node.removeAttribute(name);
              }
            }
          });
        });
      card.querySelectorAll("script").forEach(function (script) { script.remove(); });
      return card;
    }

    function markChip(slug) {
      chips.forEach(function (chip) {
        if (chip.getAttribute("data-category") === slug) {
          chip.setAttribute("aria-current", "page");
        } else {
          chip.removeAttribute("aria-current");
        }
      });
    }

    /* Hide the cards of this page that are not in the category; the number left shown. */
    function filterPage(slug) {
      var shown = 0;
      cards.forEach(function (card) {
        var slugs = (card.getAttribute("data-categories") || "").split(" ");
        card.hidden = Boolean(slug) && slugs.indexOf(slug) === -1;
        shown += card.hidden ? 0 : 1;
      });
      return shown;
    }

    function setPageLinks(slug) {
      pageLinks.forEach(function (pageLink, index) {
        var href = pageHrefs[index];
        if (slug) {
          var url = new URL(href, document.baseURI);
          url.searchParams.set(PARAM, slug);
          href = url.href;
        }
        pageLink.setAttribute("href", href);
      });
    }

    function showAll() {
      filterPage("");
      original.hidden = false;
      if (results) {
        results.hidden = true;
        results.replaceChildren();
      }
      if (pagination) {
        pagination.hidden = false;
        setPageLinks("");
      }
      count.textContent = allCountLine;
    }

    function showFromIndex(slug, data) {
      var posts = data.posts.filter(function (post) {
        return Array.isArray(post.categories) && post.categories.some(function (c) { return c.slug === slug; });
      });
      if (!results) {
        results = document.createElement("div");
        results.className = "docblog-cards docblog-cards--filtered";
        original.parentNode.insertBefore(results, original.nextSibling);
      }
      var fragment = document.createDocumentFragment();
      posts.forEach(function (post) {
        var card = renderCard(post);
        if (card) {
          fragment.append(card);
        }
      });
      results.replaceChildren(fragment);
      results.hidden = false;
      original.hidden = true;
      if (pagination) {
        pagination.hidden = true;
      }
      count.textContent = countLine(posts.length, chipName(chipFor(slug)));
    }

    function showFromPage(slug) {
      filterPage(slug);
      original.hidden = false;
      if (results) {
        results.hidden = true;
      }
      if (pagination) {
        pagination.hidden = false;
        setPageLinks(slug);
      }
      var chip = chipFor(slug);
      var total = Number(chip.getAttribute("data-count"));
      count.textContent = countLine(total > 0 ? total : filterPage(slug), chipName(chip));
    }

    function show(slug) {
      current = slug;
      markChip(slug);
      if (!slug) {
        showAll();
        return;
      }
      // At once: this page's cards of the category; then every post of it, from the index.
      filterPage(slug);
      if (pagination) {
        pagination.hidden = true;
      }
      loadIndex().then(function (data) {
        if (current === slug) {
          showFromIndex(slug, data);
        }
      }, function () {
        if (current === slug) {
          showFromPage(slug);
        }
      });
    }

    function choose(slug) {
      if (slug === current) {
        return;
      }
      show(slug);
      try {
        window.history.pushState({ docblogCategory: slug }, "", addressFor(slug));
      } catch (error) {
        /* an address that cannot be changed (some file:// pages): the filter still applies */
      }
    }

    chipNav.addEventListener("click", function (event) {
      var chip = event.target.closest(".docblog-chip[data-category]");
      if (!chip || event.defaultPrevented || event.button !== 0 ||
          event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
        return; // a new tab or window, or a download: the link does what it always does
      }
      event.preventDefault();
      choose(chip.getAttribute("data-category"));
    });

    // Links answer Enter; a chip also answers Space, like the toggle it behaves as.
    chipNav.addEventListener("keydown", function (event) {
      var chip = event.target.closest(".docblog-chip[data-category]");
      if (!chip || (event.key !== " " && event.key !== "Spacebar") ||
          event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
        return;
      }
      event.preventDefault(); // no scrolling
      if (!event.repeat) {
        choose(chip.getAttribute("data-category"));
      }
    });

    // Fetch the index as soon as a reader heads for the chips.
    ["pointerover", "focusin", "touchstart"].forEach(function (type) {
      chipNav.addEventListener(type, function () { loadIndex(); }, { once: true, passive: true });
    });

    window.addEventListener("popstate", function () {
      var slug = slugFromAddress();
      if (slug !== current) {
        show(slug);
      }
    });

    var initial = slugFromAddress();
    if (initial) {
      show(initial);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
