#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# test-a11y.py FLOORBOARD: what a screen reader finds in the real app on the
# live demo floor, through AT-SPI (pyatspi), as Orca would.
#  - every control (buttons, toggles, check boxes, drop-downs, lists,
#    tables, entries, page tabs) on every page has a name of its own, not
#    the toolkit's type name that GTK falls back to;
#  - the pages are reachable through their tabs' actions;
#  - the seat map says what it is and the seat list reads each seat;
#  - the floor's charts name themselves and describe their figures.
# TAP output; run it in a private Xvfb and session bus (build-aux/xvfb-test).
import os
import re
import subprocess
import sys
import tempfile
import time

import pyatspi

CONTROLS = {
    'push button', 'toggle button', 'check box', 'radio button', 'combo box',
    'list', 'table', 'tree table', 'entry', 'password text', 'spin button',
    'slider', 'page tab', 'menu item',
}
TYPE_NAME = re.compile(r'^(Gtk|Adw|Fb)[A-Z]\w*$')
results = []


def check(ok, what, detail=''):
    results.append((ok, what, detail))
    print(('ok' if ok else 'not ok'), len(results), '-', what, flush=True)
    if not ok and detail:
        for line in detail.splitlines():
            print('#', line, flush=True)


def find_app(deadline):
    while time.time() < deadline:
        desktop = pyatspi.Registry.getDesktop(0)
        for i in range(desktop.childCount):
            app = desktop.getChildAtIndex(i)
            if app is not None and app.name == 'floorboard':
                return app
        time.sleep(0.5)
    return None


def walk(node, depth=0, path=()):
    if node is None or depth > 80:
        return
    try:
        role = node.getRoleName()
        name = node.name or ''
        description = node.description or ''
        count = node.childCount
    except Exception:
        return
    yield node, role, name, description, path
    for i in range(count):
        try:
            child = node.getChildAtIndex(i)
        except Exception:
            continue
        yield from walk(child, depth + 1, path + ((role, name),))


def find(app, predicate):
    return [entry for entry in walk(app) if predicate(*entry[1:4])]


def press(node):
    try:
        action = node.queryAction()
    except NotImplementedError:
        return False
    for i in range(action.nActions):
        if action.getName(i) in ('click', 'press', 'activate'):
            return action.doAction(i)
    return False


def wait_for(app, predicate, seconds):
    deadline = time.time() + seconds
    while time.time() < deadline:
        found = find(app, predicate)
        if found:
            return found
        time.sleep(1)
    return []


def main():
    program = sys.argv[1]
    env = dict(os.environ)
    for key in ('GTK_A11Y', 'NO_AT_BRIDGE'):
        env.pop(key, None)
    env['LANGUAGE'] = 'C'
    env['LANG'] = 'C.UTF-8'
    env['GSETTINGS_BACKEND'] = 'memory'
    home = tempfile.mkdtemp(prefix='fb-a11y-')
    for var in ('XDG_DATA_HOME', 'XDG_CONFIG_HOME', 'XDG_CACHE_HOME'):
        env[var] = os.path.join(home, var.lower())
    log = open(os.path.join(home, 'app.log'), 'w')
    # The accessibility bus and registry first: the app and this script
    # starting them at once can leave the app without one.
    pyatspi.Registry.getDesktop(0)
    time.sleep(1)
    app_process = subprocess.Popen([program, '--demo'], env=env, stdout=log, stderr=log)
    try:
        run()
    finally:
        app_process.terminate()
        try:
            app_process.wait(10)
        except subprocess.TimeoutExpired:
            app_process.kill()
    print('1..%d' % len(results), flush=True)
    return 0 if all(ok for ok, _, _ in results) else 1


def run():
    app = find_app(time.time() + 60)
    check(app is not None, 'the app is on the accessibility bus')
    if app is None:
        return

    # The seats as a list: its toggle, then a line a seat.
    toggles = wait_for(app, lambda role, name, description: role in ('toggle button', 'push button')
                       and name == 'List', 90)
    check(bool(toggles) and press(toggles[0][0]), 'the seat list can be chosen')
    seats = wait_for(app, lambda role, name, description: role in ('list item', 'label')
                     and re.match(r'^[A-Z]-\d\d · ', name), 90)
    seat_lists = find(app, lambda role, name, description: role == 'list' and name == 'Seats')
    check(bool(seat_lists) and len(seats) >= 10,
          'the seat list reads each seat (%d lines)' % len(seats),
          '\n'.join(name for _, _, name, _, _ in seats[:3]))
    maps = find(app, lambda role, name, description: role == 'image' and name == 'Seat map')
    check(bool(maps), 'the seat map names itself')

    # Every page, through its tab's own action, as a screen reader user would.
    tabs = find(app, lambda role, name, description: role == 'page tab')
    names = sorted({name for _, _, name, _, _ in tabs})
    check(set(('Floor', 'Escalations', 'Quality', 'Requests', 'Reports')) <= set(names),
          'every page has a tab', ', '.join(names))
    unnamed = set()
    for page in ('Floor', 'Escalations', 'Quality', 'Requests', 'Reports'):
        done = any(press(node) for node, _, name, _, _ in tabs if name == page)
        time.sleep(3)
        check(done, 'the %s tab can be activated' % page)
        # Each page while it is shown: what is mapped is what is exposed.
        unnamed |= unnamed_controls(app)
        if page == 'Floor':
            charts = find(app, lambda role, name, description: role == 'image'
                          and name == 'Calls today and last week')
            described = [d for _, _, _, d, _ in charts
                         if 'calls offered today' in d or d == 'No calls offered counted yet']
            check(bool(charts) and len(described) == len(charts),
                  'every intraday chart names itself and says its figures (%d charts)' % len(charts),
                  '\n'.join(sorted(set(d for _, _, _, d, _ in charts))))
    check(not unnamed, 'every control has a name of its own (%d without)' % len(unnamed),
          '\n'.join(sorted(unnamed)))


def unnamed_controls(app):
    unnamed = set()
    for node, role, name, description, path in walk(app):
        if role not in CONTROLS:
            continue
        # GTK's own parts, which 4.8 gives no name: the password entry's
        # peek icon, a drop-down's button (the drop-down is named), a column
        # view's inner list (the table is named).
        parent = path[-1] if path else ('', '')
        if description == 'Show Text':
            continue
        if name == 'GtkToggleButton' and parent[0] == 'combo box' and parent[1]:
            continue
        if name == 'GtkColumnListView' and parent[0] == 'tree table' and parent[1]:
            continue
        if not name.strip() or TYPE_NAME.match(name):
            where = ' > '.join('%s “%s”' % step for step in path[-6:])
            first = ''
            try:
                if node.childCount:
                    first = node.getChildAtIndex(0).name or node.getChildAtIndex(0).getRoleName()
            except Exception:
                pass
            unnamed.add('%s “%s” (%s) in %s, first child “%s”' % (role, name, description, where, first))
    return unnamed


if __name__ == '__main__':
    sys.exit(main())
