// SPDX-License-Identifier: GPL-2.0-or-later
/* tcpdoc explain: the TCP reference, a topic at a time. */
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <wchar.h>

#include "cli.h"
#include "render/diagram.h"
#include "render/json.h"
#include "render/table.h"
#include "render/width.h"
#include "tcpdoc/explain.h"
#include "tcpdoc/state.h"
#include "tcpdoc/sysctl.h"

static const char usage[] = N_(
	"Usage: tcpdoc explain [TOPIC]\n"
	"       tcpdoc explain diagram [STATE]\n"
	"Explain a TCP state, an errno, a sysctl or a mechanism, for an operator.\n\n"
	"  TOPIC  a state in any spelling (close-wait, FIN_WAIT_1, estab), an errno\n"
	"         by name or number (ECONNREFUSED, 111), a sysctl (tcp_tw_reuse,\n"
	"         net.ipv4.tcp_fin_timeout; with its value on this host, or in -N's\n"
	"         namespace), a mechanism (handshake, keepalive, syn-cookies...),\n"
	"         or diagram: the state diagram, STATE highlighted.\n"
	"         Without TOPIC: the list of topics.\n\n"
	"With --json: {\"topic\", \"kind\": state|errno|sysctl|mechanism|diagram,\n"
	"\"title\", \"text\", \"advice\", \"see_also\": [...]} plus, for a state,\n"
	"\"rfc_name\" and \"transitions\": [{\"from\", \"to\", \"event\"}]; for an errno,\n"
	"\"errno\" and \"strerror\"; for a sysctl, \"sysctl\", \"path\", \"default\" and\n"
	"\"current\" (null when unreadable, with \"current_error\"); for the diagram,\n"
	"\"highlight\" and \"diagram\". Without TOPIC: {\"topics\": [{\"topic\", \"kind\",\n"
	"\"title\"}]}. Texts are in the language of the locale.\n\n"
	"An unknown topic prints the closest ones on stderr and exits 3.\n");

/* Display columns text is wrapped to. */
static int wrap_width(void)
{
	struct winsize ws;

	if (isatty(STDOUT_FILENO) && !ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) && ws.ws_col > 20)
		return ws.ws_col < 100 ? ws.ws_col - 1 : 99;
	return 79;
}

/* Full-width punctuation that must not start a line. */
static bool sticks_left(wchar_t wc)
{
	return wc && wcschr(L"，。；：、）！？」』", wc);
}

/* Full-width opening brackets that must not end a line. */
static bool sticks_right(wchar_t wc)
{
	return wc && wcschr(L"（「『“", wc);
}

/*
 * The next piece a line may break after: a run of non-blank narrow
 * characters (a word), or one wide character with any punctuation after
 * it; an opening bracket goes with what follows. Returns its length in
 * bytes; *w gets its display width.
 */
static size_t next_token(const char *s, int *w)
{
	size_t len = 0, n;
	bool wide_seen = false, opening = false;
	wchar_t wc;
	int cols;

	*w = 0;
	while (s[len] && s[len] != ' ' && s[len] != '\n') {
		n = text_char(s + len, &wc, &cols);
		if (sticks_right(wc)) {
			if (len && !opening)
				break;
			opening = true;
		} else if (cols > 1) {
			if (wide_seen || (len && !opening && !sticks_left(wc)))
				break;
			if (!sticks_left(wc))
				wide_seen = true;
			opening = false;
		} else if (wide_seen) {
			break;
		}
		*w += cols;
		len += n;
	}
	return len;
}

/* How far continuation lines of a paragraph hang: "1. " or "- ". */
static int hang_of(const char *p)
{
	if (p[0] == '-' && p[1] == ' ')
		return 2;
	if (p[0] >= '0' && p[0] <= '9' && p[1] == '.' && p[2] == ' ')
		return 3;
	return 0;
}

/* One paragraph, @indent columns in, wrapped; ends at '\n' or '\0'. */
static const char *wrap_para(FILE *f, const char *p, int indent, int width)
{
	int col = indent, hang = indent + hang_of(p), w;
	bool first = true;
	size_t n;

	fprintf(f, "%*s", indent, "");
	while (*p && *p != '\n') {
		bool space = *p == ' ';

		while (*p == ' ')
			p++;
		if (!*p || *p == '\n')
			break;
		n = next_token(p, &w);
		if (!first && col + (space ? 1 : 0) + w > width) {
			fprintf(f, "\n%*s", hang, "");
			col = hang;
		} else if (!first && space) {
			fputc(' ', f);
			col++;
		}
		fwrite(p, 1, n, f);
		col += w;
		p += n;
		first = false;
	}
	fputc('\n', f);
	return *p ? p + 1 : p;
}

/* Paragraphs with a blank line between them, but not between list items. */
static void wrap(FILE *f, const char *text, int indent)
{
	int width = wrap_width();

	while (*text) {
		text = wrap_para(f, text, indent, width);
		if (*text && !hang_of(text))
			fputc('\n', f);
	}
}

/* "a b c" -> "a, b, c" (a space-separated list of topic names). */
static void print_names(FILE *f, const char *list)
{
	const char *p = list;
	size_t n;

	while (*p) {
		n = strcspn(p, " ");
		fwrite(p, 1, n, f);
		p += n;
		while (*p == ' ')
			p++;
		if (*p)
			fputs(", ", f);
	}
	fputc('\n', f);
}

static void json_names(struct json *j, const char *key, const char *list)
{
	char name[64];
	const char *p = list;
	size_t n;

	json_arr_open(j, key);
	while (p && *p) {
		n = strcspn(p, " ");
		if (n && n < sizeof(name)) {
			memcpy(name, p, n);
			name[n] = '\0';
			json_str(j, NULL, name);
		}
		p += n;
		while (*p == ' ')
			p++;
	}
	json_arr_close(j);
}

/* The sysctl's value now, or NULL with the reason in @err. */
static const char *sysctl_now(const struct tcpd_topic *t, char *buf, size_t len,
			      struct tcpd_err *err)
{
	return tcpd_sysctl_read(t->path, buf, len, err) ? NULL : buf;
}

struct explain_run {
	const struct tcpd_topic *topic;
	int highlight;		/* the diagram's state, 0 for none */
};

static void json_kind_fields(struct json *j, const struct explain_run *r)
{
	const struct tcpd_topic *t = r->topic;
	const struct tcpd_transition *e;
	struct tcpd_err err = { 0 };
	char buf[256], name[128], *art = NULL;
	size_t artlen = 0;
	FILE *mem;

	switch (t->kind) {
	case TCPD_TOPIC_STATE:
		json_str(j, "rfc_name", tcpd_state_rfc_name(t->state));
		json_arr_open(j, "transitions");
		for (e = tcpd_transitions; e->from; e++) {
			if (e->from != t->state && e->to != t->state)
				continue;
			json_obj_open(j, NULL);
			json_str(j, "from", tcpd_state_name(e->from));
			json_str(j, "to", tcpd_state_name(e->to));
			json_str(j, "event", _(e->event));
			json_obj_close(j);
		}
		json_arr_close(j);
		break;
	case TCPD_TOPIC_ERRNO:
		json_i64(j, "errno", t->errnum);
		json_str(j, "strerror", strerror(t->errnum));
		break;
	case TCPD_TOPIC_SYSCTL:
		tcpd_sysctl_dotted(t->path, name, sizeof(name));
		json_str(j, "sysctl", name);
		tcpd_sysctl_path(t->path, buf, sizeof(buf));
		json_str(j, "path", buf);
		json_str(j, "default", _(t->dflt));
		if (sysctl_now(t, buf, sizeof(buf), &err)) {
			json_str(j, "current", buf);
		} else {
			json_null(j, "current");
			json_str(j, "current_error", err.msg);
		}
		break;
	case TCPD_TOPIC_DIAGRAM:
		if (r->highlight)
			json_str(j, "highlight", tcpd_state_name(r->highlight));
		else
			json_null(j, "highlight");
		mem = open_memstream(&art, &artlen);
		if (mem) {
			diagram_print(mem, r->highlight, false);
			fclose(mem);
		}
		json_str(j, "diagram", art ? art : "");
		free(art);
		break;
	case TCPD_TOPIC_MECHANISM:
		break;
	}
}

static void render_json(const struct explain_run *r)
{
	const struct tcpd_topic *t = r->topic;
	struct json j;

	json_init(&j, stdout, JSON_MAX_DEPTH);
	json_obj_open(&j, NULL);
	json_str(&j, "topic", t->name);
	json_str(&j, "kind", tcpd_topic_kind_name(t->kind));
	json_str(&j, "title", _(t->title));
	json_str(&j, "text", _(t->text));
	if (t->advice)
		json_str(&j, "advice", _(t->advice));
	else
		json_null(&j, "advice");
	json_names(&j, "see_also", t->see_also);
	json_kind_fields(&j, r);
	json_obj_close(&j);
	json_end(&j);
}

/* The line under the title: what kind of topic, and its other names. */
static void print_subtitle(const struct tcpd_topic *t)
{
	struct tcpd_err err = { 0 };
	char name[128], buf[256];

	switch (t->kind) {
	case TCPD_TOPIC_STATE:
		printf(_("TCP state; RFC 9293 name: %s\n"), tcpd_state_rfc_name(t->state));
		break;
	case TCPD_TOPIC_ERRNO:
		printf(_("errno %d: %s\n"), t->errnum, strerror(t->errnum));
		break;
	case TCPD_TOPIC_SYSCTL:
		tcpd_sysctl_dotted(t->path, name, sizeof(name));
		printf(_("sysctl %s (/proc/sys/%s)\n"), name, t->path);
		printf(_("Default: %s\n"), _(t->dflt));
		if (sysctl_now(t, buf, sizeof(buf), &err))
			printf(_("On this host now: %s\n"), buf);
		else
			printf(_("On this host now: unknown (%s)\n"), err.msg);
		break;
	case TCPD_TOPIC_MECHANISM:
		printf(_("TCP mechanism\n"));
		break;
	case TCPD_TOPIC_DIAGRAM:
		break;
	}
}

static void print_transitions(int state)
{
	const struct tcpd_transition *e;
	char edge[64];

	printf("\n%s\n", _("Where it sits (in and out of this state):"));
	for (e = tcpd_transitions; e->from; e++) {
		if (e->from != state && e->to != state)
			continue;
		snprintf(edge, sizeof(edge), "%s -> %s", tcpd_state_name(e->from),
			 tcpd_state_name(e->to));
		printf("  %-26s %s\n", edge, _(e->event));
	}
}

static void render_text(const struct cli *cli, const struct explain_run *r)
{
	const struct tcpd_topic *t = r->topic;

	if (t->kind == TCPD_TOPIC_ERRNO)
		printf("%s (%d) - %s\n", t->name, t->errnum, _(t->title));
	else
		printf("%s - %s\n", t->name, _(t->title));
	print_subtitle(t);
	putchar('\n');
	wrap(stdout, _(t->text), 0);
	if (t->advice) {
		printf("\n%s\n", t->kind == TCPD_TOPIC_SYSCTL ? _("When to change it:")
							      : _("What to do:"));
		wrap(stdout, _(t->advice), 2);
	}
	if (t->kind == TCPD_TOPIC_STATE)
		print_transitions(t->state);
	if (t->kind == TCPD_TOPIC_STATE || t->kind == TCPD_TOPIC_DIAGRAM) {
		putchar('\n');
		diagram_print(stdout, r->highlight, cli->color);
	}
	if (t->see_also) {
		printf("\n%s ", _("See also:"));
		print_names(stdout, t->see_also);
	}
}

static const char *kind_title(enum tcpd_topic_kind kind)
{
	static const char *const titles[] = {
		[TCPD_TOPIC_STATE] = N_("state"),
		[TCPD_TOPIC_ERRNO] = N_("errno"),
		[TCPD_TOPIC_SYSCTL] = N_("sysctl"),
		[TCPD_TOPIC_MECHANISM] = N_("mechanism"),
		[TCPD_TOPIC_DIAGRAM] = N_("diagram"),
	};
	return _(titles[kind]);
}

static int list_topics(const struct cli *cli)
{
	const char *spec[3] = { _("Topic"), _("Kind"), _("What it is") };
	const struct tcpd_topic *t;
	const char *cells[3];
	struct table tab;
	struct json j;
	size_t i;

	if (cli->json) {
		json_init(&j, stdout, 2);
		json_obj_open(&j, NULL);
		json_arr_open(&j, "topics");
		for (i = 0; (t = tcpd_explain_at(i)); i++) {
			json_obj_open(&j, NULL);
			json_str(&j, "topic", t->name);
			json_str(&j, "kind", tcpd_topic_kind_name(t->kind));
			json_str(&j, "title", _(t->title));
			json_obj_close(&j);
		}
		json_arr_close(&j);
		json_obj_close(&j);
		json_end(&j);
		return 0;
	}
	if (table_init(&tab, stdout, 3, spec))
		return cli_failf(cli, _("out of memory"));
	for (i = 0; (t = tcpd_explain_at(i)); i++) {
		cells[0] = t->name;
		cells[1] = kind_title(t->kind);
		cells[2] = _(t->title);
		if (table_row(&tab, cells)) {
			table_end(&tab);
			return cli_failf(cli, _("out of memory"));
		}
	}
	table_end(&tab);
	printf(_("\nStates take any spelling (close-wait, FIN_WAIT_1, estab); errnos also their number.\n"));
	return 0;
}

static int unknown(const struct cli *cli, const char *what, const char *topic)
{
	const struct tcpd_topic *near[3];
	char list[256] = "";
	size_t n, i, len = 0;

	n = tcpd_explain_suggest(topic, near, 3);
	for (i = 0; i < n && len < sizeof(list); i++)
		len += snprintf(list + len, sizeof(list) - len, "%s%s", i ? ", " : "",
				near[i]->name);
	if (n)
		return cli_failf(cli, _("unknown %s '%s'; did you mean %s? ('tcpdoc explain' lists them)"),
				 what, topic, list);
	return cli_failf(cli, _("unknown %s '%s'; 'tcpdoc explain' lists the topics"),
			 what, topic);
}

/* The topic the positional arguments name; "delayed ack" reads as "delayed-ack". */
static int resolve(struct cli *cli, struct explain_run *r)
{
	const struct tcpd_topic *t;
	char joined[128];
	size_t len = 0;
	int i;

	for (i = 0; i < cli->npos && len < sizeof(joined); i++)
		len += snprintf(joined + len, sizeof(joined) - len, "%s%s", i ? "-" : "",
				cli->pos[i]);
	t = tcpd_explain_find(cli->pos[0]);
	if (t && t->kind == TCPD_TOPIC_DIAGRAM && cli->npos == 2) {
		t = tcpd_explain_find(cli->pos[1]);
		if (!t || t->kind != TCPD_TOPIC_STATE)
			return unknown(cli, _("state"), cli->pos[1]);
		r->highlight = t->state;
		r->topic = tcpd_explain_find("diagram");
		return 0;
	}
	if (cli->npos > 1)
		t = tcpd_explain_find(joined);
	if (!t)
		return unknown(cli, _("topic"), cli->npos > 1 ? joined : cli->pos[0]);
	r->topic = t;
	if (t->kind == TCPD_TOPIC_STATE)
		r->highlight = t->state;
	return 0;
}

/* Read sysctls in -N's namespace when one was given. */
static int show(struct cli *cli, const struct tcpd_netns *ns, void *arg)
{
	(void)ns;
	if (cli->json)
		render_json(arg);
	else
		render_text(cli, arg);
	return 0;
}

int cmd_explain(struct cli *cli, int argc, char **argv)
{
	struct cli_opts opts = { .usage = usage, .usage_more = NULL };
	struct explain_run r = { 0 };
	int ret;

	ret = cli_parse(cli, argc, argv, &opts);
	if (ret)
		return ret < 0 ? EXIT_UNKNOWN : 0;
	if (cli->scope.all_netns)
		return cli_failf(cli, _("explain reads one namespace; use -N NAME instead of -A"));
	if (!cli->npos)
		return list_topics(cli);
	ret = resolve(cli, &r);
	if (ret)
		return ret;
	if (r.topic->kind == TCPD_TOPIC_SYSCTL)
		return cli_each_netns(cli, show, &r);
	return show(cli, NULL, &r);
}
