using Pipelines.Config;
// The one place that names the exception type, so that a rename is a one-line change here.
using ConfigError = Pipelines.Yaml.ManifestException;

namespace Pipelines.Tests.Config;

/// <summary>
/// Every way pipelines.yaml can be wrong, one row per error branch of <see cref="PipelinesConfig.Parse"/> (and the YAML reader
/// it calls): the text, where the error points (file:line:column), and what the message must name — the field, the value that
/// is wrong, and what to write instead. A row fails when the branch is not reached, points elsewhere, or stops saying any of it.
/// </summary>
public class PipelinesConfigErrorTests
{
    // An environment that is right so far; rows append keys to it at line 4.
    private const string Staging = "environments:\n  staging:\n    path: environments/staging\n";
    private const string Images = Staging + "    images:\n";

    /// <summary>branch, yaml, where (file:line:column), the field it names, the value it names, the fix it suggests.</summary>
    public static TheoryData<string, string, string, string, string, string> Mistakes() => new()
    {
        // The YAML reader (YamlDocuments.Parse), before pipelines.yaml's own rules.
        { "not valid YAML", "environments:\n  staging: {path: s\n", "pipelines.yaml:3:1", "not valid YAML", "did not find expected ',' or '}'", "" },
        { "repeated key", "environments:\n  staging: {path: s}\n  staging: {path: t}\n", "pipelines.yaml:3:3", "repeats the key", "'staging' (first at line 2)",
            "Remove one of them." },
        { "repeated key inside an environment", Staging + "    path: other\n", "pipelines.yaml:4:5", "repeats the key", "'path' (first at line 3)", "Remove one of them." },

        // The document.
        { "second document", "environments:\n  a: {path: a}\n---\nenvironments:\n  b: {path: b}\n", "pipelines.yaml:4:1", "second YAML document", "(after ---)",
            "move its environments under the first 'environments:' and remove the ---." },
        { "root: empty file", "", "pipelines.yaml:1:1", "'environments:' key", "must be a mapping",
            "e.g. environments: { staging: { path: environments/staging } }." },
        { "root: only a comment", "# environments come later\n", "pipelines.yaml:1:1", "'environments:' key", "must be a mapping",
            "e.g. environments: { staging: { path: environments/staging } }." },
        { "root: a list", "- staging\n- production\n", "pipelines.yaml:1:1", "'environments:' key", "must be a mapping",
            "e.g. environments: { staging: { path: environments/staging } }." },
        { "root key unknown (typo)", "enviroments:\n  a: {path: a}\n", "pipelines.yaml:1:1", "unknown key", "'enviroments'", "allowed here: environments, access." },
        { "root key not a plain string (was: unknown key '?')", "? [environments]\n: {a: {path: a}}\n", "pipelines.yaml:2:3", "unknown key",
            "'(a list or mapping)'", "allowed here: environments, access." },
        { "root key unknown (extra)", "environments:\n  a: {path: a}\nversion: 2\n", "pipelines.yaml:3:1", "unknown key", "'version'", "allowed here: environments, access." },

        // environments:
        { "environments: absent", "{}\n", "pipelines.yaml:1:1", "'environments:'", "must map each environment name to its settings",
            "e.g. environments: { staging: { path: environments/staging } }." },
        { "environments: null", "environments:\n", "pipelines.yaml:1:14", "'environments:'", "must map each environment name to its settings",
            "e.g. environments: { staging: { path: environments/staging } }." },
        { "environments: empty", "environments: {}\n", "pipelines.yaml:1:15", "'environments:'", "must map each environment name to its settings",
            "e.g. environments: { staging: { path: environments/staging } }." },
        { "environments: a name", "# comment\n\nenvironments: staging\n", "pipelines.yaml:3:15", "'environments:'", "must map each environment name to its settings",
            "e.g. environments: { staging: { path: environments/staging } }." },
        { "environments: a list", "environments: [staging, production]\n", "pipelines.yaml:1:15", "'environments:'", "must map each environment name to its settings",
            "e.g. environments: { staging: { path: environments/staging } }." },

        // An environment.
        { "name not a plain string", "environments:\n  ? [a, b]\n  : {path: x}\n", "pipelines.yaml:3:5", "environment name", "must be a plain string",
            "e.g. staging: { path: environments/staging }." },
        { "settings null", "environments:\n  staging:\n", "pipelines.yaml:2:11", "'path:'", "environment 'staging' must be a mapping",
            "e.g. staging: { path: environments/staging }." },
        { "settings a scalar", "environments:\n  staging: environments/staging\n", "pipelines.yaml:2:12", "'path:'", "environment 'staging' must be a mapping",
            "e.g. staging: { path: environments/staging }." },
        { "settings a list", "environments:\n  staging: [environments/staging]\n", "pipelines.yaml:2:12", "'path:'", "environment 'staging' must be a mapping",
            "e.g. staging: { path: environments/staging }." },
        { "settings an alias", "environments:\n  staging: &base {path: s}\n  production: *base\n", "pipelines.yaml:3:15", "'path:'",
            "environment 'production' must be a mapping", "(an alias is not expanded: write the settings out)." },
        { "environment key unknown", Staging + "    automaton: manual\n", "pipelines.yaml:4:5", "unknown key", "'automaton'",
            "allowed here: path, namespace, automation, tagFilter, cluster, promoteFrom, images, windows." },
        { "environment key unknown (flow)", "environments:\n  staging: {path: s, namspace: shop}\n", "pipelines.yaml:2:22", "unknown key", "'namspace'",
            "allowed here: path, namespace, automation, tagFilter, cluster, promoteFrom, images, windows." },
        { "environment key not a plain string (was: ignored)", Staging + "    ? [namespace]\n    : shop\n", "pipelines.yaml:5:7", "unknown key", "'(a list or mapping)'",
            "allowed here: path, namespace, automation, tagFilter, cluster, promoteFrom, images, windows." },
        { "path absent", "environments:\n  staging:\n    namespace: shop\n", "pipelines.yaml:2:3", "no 'path:'", "environment 'staging'", "add e.g. path: environments/staging." },
        { "path null", "environments:\n  qa:\n    path: ~\n", "pipelines.yaml:2:3", "no 'path:'", "environment 'qa'", "add e.g. path: environments/qa." },

        // A value where one belongs, not a list, mapping or alias (was: silently ignored, or "has no 'path:'").
        { "path a list", "environments:\n  staging:\n    path: [a, b]\n", "pipelines.yaml:3:11", "'path:'", "environment 'staging': 'path:' must be a single value, not a list",
            "write e.g. path: environments/staging." },
        { "namespace a list", Staging + "    namespace: [shop]\n", "pipelines.yaml:4:16", "'namespace:'", "must be a single value, not a list", "write e.g. namespace: sock-shop." },
        { "automation a mapping", Staging + "    automation: {mode: automatic}\n", "pipelines.yaml:4:17", "'automation:'", "must be a single value, not a mapping",
            "write e.g. automation: automatic." },
        { "tagFilter a list", Staging + "    tagFilter: [\"semver:~1\"]\n", "pipelines.yaml:4:16", "'tagFilter:'", "must be a single value, not a list",
            "write e.g. tagFilter: \"semver:~1.2\"." },
        { "promoteFrom a list", "environments:\n  staging: {path: s}\n  production:\n    path: p\n    promoteFrom: [staging]\n", "pipelines.yaml:5:18",
            "'promoteFrom:'", "environment 'production': 'promoteFrom:' must be a single value, not a list", "write e.g. promoteFrom: staging." },
        { "namespace an alias", "environments:\n  staging: {path: s, namespace: &ns shop}\n  production: {path: p, namespace: *ns}\n", "pipelines.yaml:3:36",
            "'namespace:'", "environment 'production': 'namespace:' must be a single value, not an alias", "write e.g. namespace: sock-shop." },

        // automation:
        { "automation unknown word", Staging + "    automation: sometimes\n", "pipelines.yaml:4:17", "automation", "'sometimes'", "write automatic or manual." },
        { "automation a number (Enum.TryParse took it)", Staging + "    automation: 7\n", "pipelines.yaml:4:17", "automation", "'7'", "write automatic or manual." },
        { "automation 0 (Enum.TryParse read it as automatic)", Staging + "    automation: 0\n", "pipelines.yaml:4:17", "automation", "'0'", "write automatic or manual." },
        { "automation a comma list", Staging + "    automation: automatic, manual\n", "pipelines.yaml:4:17", "automation", "'automatic, manual'", "write automatic or manual." },

        // tagFilter: (was: accepted, and the first release failed without naming pipelines.yaml)
        { "tagFilter unknown kind", Staging + "    tagFilter: \"semvr:~1.2\"\n", "pipelines.yaml:4:16", "Tag filter", "'semvr:~1.2'",
            "use glob:<pattern>, regex:<pattern>, semver:<range>" },
        { "tagFilter bad range", Staging + "    tagFilter: \"semver:one\"\n", "pipelines.yaml:4:16", "Tag filter", "'semver:one'", "write e.g. semver:~1.2" },
        { "tagFilter bad regex", Staging + "    tagFilter: \"regex:^(v\"\n", "pipelines.yaml:4:16", "Tag filter", "'regex:^(v'", "escape special characters" },

        // cluster:
        { "cluster a name", Staging + "    cluster: staging\n", "pipelines.yaml:4:14", "cluster of environment 'staging'", "must be a mapping",
            "such as cluster: { context: staging } or cluster: { kubeconfig: path }." },
        { "cluster a list", Staging + "    cluster: [staging]\n", "pipelines.yaml:4:14", "cluster of environment 'staging'", "must be a mapping",
            "such as cluster: { context: staging } or cluster: { kubeconfig: path }." },
        { "cluster key unknown", Staging + "    cluster: {contxt: staging}\n", "pipelines.yaml:4:15", "unknown key", "'contxt'", "allowed here: context, kubeconfig." },
        { "cluster key not a plain string (was: ignored)", Staging + "    cluster:\n      ? [context]\n      : staging\n", "pipelines.yaml:6:9", "unknown key",
            "'(a list or mapping)'", "allowed here: context, kubeconfig." },
        { "cluster context a list", Staging + "    cluster: {context: [a, b]}\n", "pipelines.yaml:4:24", "'context:'",
            "cluster of environment 'staging': 'context:' must be a single value, not a list", "write e.g. context: staging." },
        { "cluster kubeconfig a mapping", Staging + "    cluster:\n      kubeconfig: {path: k}\n", "pipelines.yaml:5:19", "'kubeconfig:'",
            "must be a single value, not a mapping", "write e.g. kubeconfig: clusters/staging.kubeconfig." },

        // promoteFrom: (was: at column 0 of the environment's name, and "write one of: ." with no other environment)
        { "promoteFrom names no environment", "environments:\n  staging: {path: s}\n  production:\n    path: p\n    promoteFrom: stagign\n", "pipelines.yaml:5:18",
            "promotes from", "'stagign', which is not an environment", "write one of: staging." },
        { "promoteFrom with no other environment", "environments:\n  production:\n    path: p\n    promoteFrom: staging\n", "pipelines.yaml:4:18", "promotes from",
            "'staging', which is not an environment", "there is no other one: remove promoteFrom:." },
        { "promoteFrom itself", "environments:\n  staging:\n    path: s\n    promoteFrom: staging\n", "pipelines.yaml:4:18", "promoteFrom forms a cycle",
            "staging <- staging", "one environment must promote from none." },
        { "promoteFrom cycle of two", "environments:\n  a: {path: a, promoteFrom: b}\n  b: {path: b, promoteFrom: a}\n", "pipelines.yaml:2:29",
            "promoteFrom forms a cycle", "a <- b <- a", "one environment must promote from none." },
        { "promoteFrom cycle of three", "environments:\n  dev: {path: d, promoteFrom: prod}\n  qa: {path: q, promoteFrom: dev}\n  prod: {path: p, promoteFrom: qa}\n",
            "pipelines.yaml:2:31", "promoteFrom forms a cycle", "dev <- prod <- qa <- dev", "one environment must promote from none." },

        // images:
        { "images a scalar", Staging + "    images: charts/shop/values.yaml\n", "pipelines.yaml:4:13", "images:", "environment 'staging': images: must be a list",
            "e.g. images: [{file: charts/shop/values.yaml, repository: image.repository, tag: image.tag, workload: shop/front-end}]." },
        { "images a mapping", Staging + "    images: {file: v.yaml}\n", "pipelines.yaml:4:13", "images:", "environment 'staging': images: must be a list",
            "e.g. images: [{file: charts/shop/values.yaml" },
        { "images entry a scalar", Images + "    - charts/shop/values.yaml\n", "pipelines.yaml:5:7", "each images: entry is a mapping", "environment 'staging'",
            "e.g. - {file: charts/shop/values.yaml, workload: shop/front-end, repository: image.repository, tag: image.tag}." },
        { "images entry key unknown", Images + "    - {file: v.yaml, workload: shop/web, tag: image.tag, registry: x}\n", "pipelines.yaml:5:58", "unknown key", "'registry'",
            "allowed here: file, workload, container, image, repository, tag, digest, tagFilter, automated." },
        { "images entry key not a plain string (was: ignored)", Images + "    - file: v.yaml\n      workload: w\n      image: i\n      ? [tag]\n      : image.tag\n",
            "pipelines.yaml:9:9", "unknown key", "'(a list or mapping)'", "allowed here: file, workload, container, image" },
        { "images entry without file", Images + "    - {workload: shop/web, image: image.full}\n", "pipelines.yaml:5:7", "'file:'", "an images: entry has no",
            "add e.g. file: charts/shop/values.yaml." },
        { "images entry without workload", Images + "    - file: v.yaml\n      image: image.full\n", "pipelines.yaml:5:7", "'workload:'", "an images: entry has no",
            "add e.g. workload: shop/front-end." },
        { "images entry file a list", Images + "    - {file: [a.yaml, b.yaml], workload: shop/web, image: image.full}\n", "pipelines.yaml:5:14", "'file:'",
            "an images: entry of environment 'staging': 'file:' must be a single value, not a list", "write e.g. file: charts/shop/values.yaml." },
        { "images entry with tag only", Images + "    - {file: v.yaml, workload: shop/web, tag: image.tag}\n", "pipelines.yaml:5:7", "images: entry for shop/web",
            "does not say where its image is", "give image: (the path of a whole reference), or repository: and tag:" },
        { "images entry with repository only", Images + "    - {file: v.yaml, workload: shop/web, repository: image.repository}\n", "pipelines.yaml:5:7",
            "images: entry for shop/web", "does not say where its image is", "or repository: and tag: (the paths of its parts, e.g. image.repository and image.tag)." },
        { "images entry with no paths", Images + "    - {file: v.yaml, workload: shop/web, digest: image.digest}\n", "pipelines.yaml:5:7", "images: entry for shop/web",
            "does not say where its image is", "give image:" },
        { "images entry image and repository", Images + "    - {file: v.yaml, workload: shop/web, image: image.full, repository: image.repository}\n",
            "pipelines.yaml:5:7", "images: entry for shop/web", "gives image: and repository:/tag:/digest:", "a whole reference or its parts, not both." },
        { "images entry image and tag", Images + "    - {file: v.yaml, workload: shop/web, image: image.full, tag: image.tag}\n", "pipelines.yaml:5:7",
            "images: entry for shop/web", "gives image: and repository:/tag:/digest:", "a whole reference or its parts, not both." },
        { "images entry image and digest", Images + "    - {file: v.yaml, workload: shop/web, image: image.full, digest: image.digest}\n", "pipelines.yaml:5:7",
            "images: entry for shop/web", "gives image: and repository:/tag:/digest:", "a whole reference or its parts, not both." },
        { "images entry workload without a kind after ':' (was: a Deployment named 'shop:web')", Images + "    - {file: v.yaml, workload: 'shop:web', image: i}\n",
            "pipelines.yaml:5:32", "workload", "'shop:web'", "write namespace/name (a Deployment, e.g. shop/front-end), namespace:kind/name (e.g. shop:statefulset/db) or name" },
        { "images entry workload with two slashes", Images + "    - {file: v.yaml, workload: shop/web/api, image: i}\n",
            "pipelines.yaml:5:32", "workload", "'shop/web/api'", "namespace:kind/name (e.g. shop:statefulset/db)" },
        { "images entry workload in capitals", Images + "    - {file: v.yaml, workload: Shop/Web, image: i}\n",
            "pipelines.yaml:5:32", "workload", "'Shop/Web'", "write namespace/name" },
        { "images entry automated yes (was: ignored)", Images + "    - {file: v.yaml, workload: shop/web, image: image.full, automated: yes}\n", "pipelines.yaml:5:72",
            "automated", "'yes'", "write true or false, or leave it out to follow the environment's automation." },
        { "images entry automated a number", Images + "    - {file: v.yaml, workload: shop/web, image: image.full, automated: 1}\n", "pipelines.yaml:5:72",
            "automated", "'1'", "write true or false" },
        { "images entry tagFilter invalid", Images + "    - {file: v.yaml, workload: shop/web, image: image.full, tagFilter: \"digest:\"}\n",
            "pipelines.yaml:5:72", "Tag filter", "'digest:'", "name the tag to follow, e.g. digest:latest" },

        // windows: (ReleaseWindowParser).
        { "windows not a list", Staging + "    windows: weekdays\n", "pipelines.yaml:4:14", "windows: must be a list", "environment 'staging'", "e.g. windows: [" },
        { "window neither allow nor deny", Staging + "    windows: [{timeZone: UTC}]\n", "pipelines.yaml:4:15", "exactly one of allow: or deny:", "windows[0]",
            "allow: \"Mon-Thu 09:00-16:00\"" },
        { "window not days and hours", Staging + "    windows: [{allow: weekdays}]\n", "pipelines.yaml:4:23", "is not a window", "'weekdays'", "\"Mon-Thu 09:00-16:00\"" },
        { "window days unknown", Staging + "    windows: [{allow: \"Mox-Thu 09:00-16:00\"}]\n", "pipelines.yaml:4:23", "are not days", "'Mox-Thu'", "Mon, Tue" },
        { "window hour out of range", Staging + "    windows: [{deny: \"Sat 25:00-26:00\"}]\n", "pipelines.yaml:4:22", "hour out of range", "'Sat 25:00-26:00'", "00:00 to 24:00" },
        { "window time zone unknown", Staging + "    windows: [{allow: \"Mon 09:00-10:00\", timeZone: Mars/Olympus}]\n", "pipelines.yaml:4:52", "is not a time zone",
            "'Mars/Olympus'", "Europe/London" },
        { "window key unknown", Staging + "    windows: [{allow: \"Mon 09:00-10:00\", zone: UTC}]\n", "pipelines.yaml:4:42", "unknown key", "'zone'", "timeZone:" },

        // access: who holds which role in which environment.
        { "access a list", Staging + "access:\n  - staging\n", "pipelines.yaml:5:3", "'access:'", "must map environments to roles",
            "e.g. access: { production: { deployer: [group:release-managers" },
        { "access names an environment there is not", Staging + "access:\n  prod:\n    deployer: [group:ops]\n", "pipelines.yaml:5:3", "access:",
            "environment 'prod'", "write one of: staging, \"*\" (every environment)." },
        { "access of an environment not a mapping", Staging + "access:\n  staging: [group:ops]\n", "pipelines.yaml:5:12", "access of 'staging'",
            "must map roles (viewer, deployer, approver, admin)", "e.g. staging: { deployer: [group:developers] }." },
        { "access role unknown (typo)", Staging + "access:\n  staging:\n    deployers: [group:ops]\n", "pipelines.yaml:6:5", "access of 'staging'",
            "unknown role 'deployers'", "write one of: viewer, deployer, approver, admin" },
        { "access role of the old tokens file", Staging + "access:\n  \"*\":\n    operator: [token:ci]\n", "pipelines.yaml:6:5", "access of '*'",
            "unknown role 'operator'", "write one of: viewer, deployer, approver, admin" },
        { "access principal without a kind", Staging + "access:\n  staging:\n    deployer: [group:ops, alice@example.com]\n", "pipelines.yaml:6:27",
            "deployer", "'alice@example.com' is not a principal", "write group:<group claim>, user:<email or user name>, token:<API token name> or everyone." },
        { "access principal of an unknown kind", Staging + "access:\n  staging:\n    viewer:\n      - team:web\n", "pipelines.yaml:7:9",
            "viewer", "'team:web' is not a principal", "write group:<group claim>" },
        { "access principal with no name", Staging + "access:\n  staging:\n    viewer: [\"user:\"]\n", "pipelines.yaml:6:14",
            "viewer", "'user:' is not a principal", "user:<email or user name>" },
        { "access role holders a mapping", Staging + "access:\n  staging:\n    admin: {group: ops}\n", "pipelines.yaml:6:12",
            "'admin:'", "must list who holds it", "e.g. admin: [group:developers, user:alice@example.com, token:ci, everyone]." },
        { "access role holders empty", Staging + "access:\n  staging:\n    admin:\n", "pipelines.yaml:6:11",
            "'admin:'", "must list who holds it", "e.g. admin: [group:developers" },
        { "access holder a list", Staging + "access:\n  staging:\n    admin: [[group:ops]]\n", "pipelines.yaml:6:13",
            "admin", "each entry is one principal", "such as group:developers" },
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public void Each_mistake_names_file_line_field_value_and_fix(string branch, string yaml, string at, string field, string value, string fix)
    {
        var error = Assert.Throws<ConfigError>(() => PipelinesConfig.Parse(yaml));

        Assert.True(error.Message.StartsWith(at + ": ", StringComparison.Ordinal), $"{branch}: expected at {at}, got: {error.Message}");
        Assert.Equal("pipelines.yaml", error.File);
        Assert.Equal(int.Parse(at.Split(':')[1]), error.Line);
        Assert.Contains(field, error.Message);
        Assert.Contains(value, error.Message);
        Assert.Contains(fix, error.Message);
    }

    /// <summary>The file is named as the caller gave it (a config repo may keep it in a folder), never a constant.</summary>
    [Theory]
    [MemberData(nameof(Mistakes))]
    public void Each_mistake_names_the_file_it_was_read_from(string branch, string yaml, string at, string field, string value, string fix)
    {
        _ = (field, value, fix);
        var error = Assert.Throws<ConfigError>(() => PipelinesConfig.Parse(yaml, "deploy/config/pipelines.yaml"));

        Assert.True(error.Message.StartsWith("deploy/config/" + at + ": ", StringComparison.Ordinal), $"{branch}: {error.Message}");
    }

    [Theory]
    [InlineData("pipelines.yaml", "production", "pipelines.yaml: no environment 'production'; write one of: staging, qa.")]
    [InlineData("config/pipelines.yaml", "Staging", "config/pipelines.yaml: no environment 'Staging'; write one of: staging, qa.")]
    public void Asking_for_an_environment_there_is_not_names_the_ones_there_are(string file, string name, string message)
    {
        var config = PipelinesConfig.Parse("environments:\n  staging: {path: s}\n  qa: {path: q}\n", file);

        var error = Assert.Throws<ConfigError>(() => config.Environment(name));

        Assert.Equal(message, error.Message);
    }
}
