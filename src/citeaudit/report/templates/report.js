// Filters and sorts the findings table.  Plain ES5-style code, no network, no storage, so it
// runs from file://; it reads text with textContent and never writes HTML.
(function () {
  "use strict";
  var table = document.getElementById("findings-table");
  if (!table) {
    return;
  }
  var controls = document.querySelector(".controls");
  var search = document.getElementById("finding-search");
  var shown = document.getElementById("findings-shown");
  var boxes = Array.prototype.slice.call(document.querySelectorAll("input[data-severity-filter]"));
  var tbody = table.tBodies[0];
  var rows = Array.prototype.slice.call(tbody.rows);
  var badges = Array.prototype.slice.call(document.querySelectorAll("a[data-show]"));
  // "footnote 3" before "footnote 10": numbers inside text compare as numbers.
  var collator = typeof Intl !== "undefined" && Intl.Collator ?
    new Intl.Collator(undefined, {numeric: true, sensitivity: "base"}) : null;
  var texts = rows.map(function (row) {
    return row.textContent.toLowerCase();
  });
  rows.forEach(function (row, i) {
    row.setAttribute("data-order", String(i));
  });

  function applyFilters() {
    var wanted = {};
    boxes.forEach(function (box) {
      wanted[box.value] = box.checked;
    });
    var needle = search.value.trim().toLowerCase();
    var count = 0;
    rows.forEach(function (row, i) {
      var visible = wanted[row.getAttribute("data-severity")] !== false &&
        (!row.hasAttribute("data-waived") || wanted.waived !== false) &&
        (needle === "" || texts[i].indexOf(needle) !== -1);
      row.hidden = !visible;
      if (visible) {
        count += 1;
      }
    });
    shown.textContent = count + " of " + rows.length + " shown";
    badges.forEach(function (badge) {
      badge.setAttribute("aria-pressed", String(onlyShowing(badge.getAttribute("data-show"))));
    });
  }

  function onlyShowing(value) {
    return boxes.every(function (box) {
      return box.checked === (box.value === value);
    });
  }

  // A badge in the header shows only its severity; clicked again, everything.
  function showOnly(value) {
    var all = onlyShowing(value);
    boxes.forEach(function (box) {
      box.checked = all || box.value === value;
    });
    applyFilters();
  }

  function sortKey(row, column, numeric) {
    var cell = row.cells[column];
    var value = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent;
    return numeric ? parseFloat(value) : value.trim().toLowerCase();
  }

  function compare(x, y, numeric) {
    if (!numeric && collator) {
      return collator.compare(x, y);
    }
    return x < y ? -1 : x > y ? 1 : 0;
  }

  function sortBy(header) {
    var column = header.cellIndex;
    var numeric = header.getAttribute("data-sort-type") === "number";
    var direction = header.getAttribute("aria-sort") === "ascending" ? -1 : 1;
    Array.prototype.forEach.call(header.parentNode.cells, function (th) {
      th.setAttribute("aria-sort", "none");
    });
    header.setAttribute("aria-sort", direction === 1 ? "ascending" : "descending");
    var sorted = rows.slice().sort(function (a, b) {
      var order = compare(sortKey(a, column, numeric), sortKey(b, column, numeric), numeric);
      if (order !== 0) {
        return order * direction;
      }
      // Equal keys keep the report's reading order, whichever the direction.
      return Number(a.getAttribute("data-order")) - Number(b.getAttribute("data-order"));
    });
    sorted.forEach(function (row) {
      tbody.appendChild(row);
    });
  }

  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (header) {
    var button = header.querySelector("button");
    if (button && header.hasAttribute("data-sort-type")) {
      button.addEventListener("click", function () {
        sortBy(header);
      });
    }
  });
  boxes.forEach(function (box) {
    box.addEventListener("change", applyFilters);
  });
  search.addEventListener("input", applyFilters);
  // A link to a finding the filters hide (a reference card's badge) shows every finding again.
  function reveal() {
    var target = location.hash ? document.getElementById(location.hash.slice(1)) : null;
    if (target && target.hidden && target.parentNode === tbody) {
      boxes.forEach(function (box) {
        box.checked = true;
      });
      search.value = "";
      applyFilters();
      target.scrollIntoView();
    }
  }
  window.addEventListener("hashchange", reveal);
  badges.forEach(function (badge) {
    badge.setAttribute("role", "button");
    badge.addEventListener("click", function () {
      // The link still goes to the table; the filter is set first.
      showOnly(badge.getAttribute("data-show"));
    });
  });
  if (controls) {
    controls.hidden = false;
  }
  applyFilters();
})();
