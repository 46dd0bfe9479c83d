using System.Text;
using Pipelines.Images;
using Pipelines.Registry;

namespace Pipelines.Tests.Registry;

public sealed class RepositoryScannerTests(AnonymousRegistry fixture) : IClassFixture<AnonymousRegistry>
{
    static readonly DateTimeOffset Monday = new(2025, 3, 3, 9, 0, 0, TimeSpan.Zero);

    sealed class Setup : IDisposable
    {
        public Setup(RegistryOptions? options = null)
        {
            Options = options ?? TestOptions.For();
            Time = new ManualTimeProvider(Monday);
            Handler = new CountingHandler();
            Client = new RegistryClient(Options, Handler, Time);
        }

        public RegistryOptions Options { get; }
        public ManualTimeProvider Time { get; }
        public CountingHandler Handler { get; }
        public RegistryClient Client { get; }

        /// <summary>One run of the tool: a scan with a new cache object over the same folder, saved at the end.</summary>
        public async Task<RepositoryScan> ScanAsync(ImageReference repository, TagNeeds? needs = null)
        {
            var cache = new ImageCache(Options.ResolvedCacheDirectory);
            var scan = await new RepositoryScanner(Client, cache).ScanAsync(repository, needs);
            await cache.SaveAsync();
            return scan;
        }

        /// <summary>Every file of the cache folder (lock files aside) with its last write time.</summary>
        public Dictionary<string, DateTime> CacheFiles() =>
            Directory.GetFiles(Options.ResolvedCacheDirectory, "*", SearchOption.AllDirectories)
                .Where(f => !f.EndsWith(".lock", StringComparison.Ordinal))
                .ToDictionary(f => Path.GetRelativePath(Options.ResolvedCacheDirectory, f), File.GetLastWriteTimeUtc);

        public void Dispose() => Client.Dispose();
    }

    [Fact]
    public async Task Scan_dates_every_tag_from_its_config_blob()
    {
        using var setup = new Setup();
        var repository = fixture.NewRepository();
        var d1 = await TestImages.PushImageAsync(setup.Client, repository, "1.0", created: Monday.AddDays(-2));
        await TestImages.PushImageAsync(setup.Client, repository, "1.1", created: Monday.AddDays(-1));

        var scan = await setup.ScanAsync(repository);

        var images = scan.Images.OrderBy(i => i.Tag).ToList();
        Assert.Equal(["1.0", "1.1"], images.Select(i => i.Tag));
        Assert.Equal(Monday.AddDays(-2), images[0].Created);
        Assert.Equal(d1, images[0].Digest);
        Assert.Empty(scan.Problems);
    }

    [Fact]
    public async Task Created_and_revision_labels_win_over_the_config_created_time()
    {
        using var setup = new Setup();
        var repository = fixture.NewRepository();
        await TestImages.PushImageAsync(setup.Client, repository, "reproducible", created: DateTimeOffset.UnixEpoch.AddSeconds(1),
            labels: new Dictionary<string, string>
            {
                [TaggedImage.CreatedLabel] = "2025-02-01T12:30:00Z",
                [TaggedImage.RevisionLabel] = "7f511af",
            });

        var image = Assert.Single((await setup.ScanAsync(repository)).Images);

        Assert.Equal(new DateTimeOffset(2025, 2, 1, 12, 30, 0, TimeSpan.Zero), image.Created);
        Assert.Equal("7f511af", image.Revision);
    }

    [Fact]
    public async Task Multi_arch_index_is_dated_by_the_image_for_the_requested_platform()
    {
        var repository = fixture.NewRepository();
        using (var pusher = new RegistryClient(TestOptions.For()))
            await TestImages.PushIndexAsync(pusher, repository, "multi",
                ("amd64", null, Monday.AddHours(-3)), ("arm64", "v8", Monday.AddHours(-2)), ("arm", "v7", Monday.AddHours(-1)));
        using var amd64 = new Setup();
        using var arm64 = new Setup(TestOptions.For() with { Platform = "linux/arm64" });
        using var armv7 = new Setup(TestOptions.For() with { Platform = "linux/arm/v7" });

        Assert.Equal(Monday.AddHours(-3), Assert.Single((await amd64.ScanAsync(repository)).Images).Created);
        Assert.Equal(Monday.AddHours(-2), Assert.Single((await arm64.ScanAsync(repository)).Images).Created);
        Assert.Equal(Monday.AddHours(-1), Assert.Single((await armv7.ScanAsync(repository)).Images).Created);
    }

    [Fact]
    public async Task A_multi_arch_image_without_the_platform_is_a_problem_that_lists_the_platforms_it_has()
    {
        using var setup = new Setup(TestOptions.For() with { Platform = "linux/s390x" });
        var repository = fixture.NewRepository();
        await TestImages.PushIndexAsync(setup.Client, repository, "multi", ("amd64", null, Monday), ("arm64", null, Monday));
        await TestImages.PushImageAsync(setup.Client, repository, "single", created: Monday);

        var scan = await setup.ScanAsync(repository);

        Assert.Equal("single", Assert.Single(scan.Images).Tag);
        var problem = Assert.Single(scan.Problems);
        Assert.Equal("multi", problem.Tag);
        Assert.Contains("linux/s390x", problem.Message);
        Assert.Contains("linux/amd64, linux/arm64", problem.Message);
        Assert.Contains("--platform", problem.Message);
    }

    [Fact]
    public async Task A_config_blob_that_is_not_JSON_is_a_problem_of_that_tag_only()
    {
        using var setup = new Setup();
        var repository = fixture.NewRepository();
        await TestImages.PushImageAsync(setup.Client, repository, "broken", rawConfig: "this is not json");
        await TestImages.PushImageAsync(setup.Client, repository, "good", created: Monday);

        var scan = await setup.ScanAsync(repository);

        Assert.Equal("good", Assert.Single(scan.Images).Tag);
        var problem = Assert.Single(scan.Problems);
        Assert.Equal("broken", problem.Tag);
        Assert.Contains("not JSON", problem.Message);
        Assert.Contains($"{repository.Name}:broken", problem.Message);
    }

    [Fact]
    public async Task A_manifest_that_is_not_a_manifest_is_a_problem_of_that_tag_only()
    {
        using var setup = new Setup();
        var repository = fixture.NewRepository();
        await TestImages.PushImageAsync(setup.Client, repository, "garbled", created: Monday);
        await TestImages.PushImageAsync(setup.Client, repository, "good", created: Monday);
        setup.Handler.ReplaceBody = request => request.RequestUri!.AbsolutePath.EndsWith("/manifests/garbled", StringComparison.Ordinal)
            ? Encoding.UTF8.GetBytes("""{"schemaVersion":2,"layers":[]}""")
            : null;

        var scan = await setup.ScanAsync(repository);

        Assert.Equal("good", Assert.Single(scan.Images).Tag);
        Assert.Contains("has no 'config'", Assert.Single(scan.Problems).Message);
    }

    [Fact]
    public async Task A_second_scan_of_unchanged_tags_fetches_no_manifest_or_blob()
    {
        using var setup = new Setup();
        var repository = fixture.NewRepository();
        for (var i = 0; i < 5; i++)
            await TestImages.PushImageAsync(setup.Client, repository, $"1.{i}", created: Monday.AddMinutes(i));
        await TestImages.PushIndexAsync(setup.Client, repository, "multi", ("amd64", null, Monday), ("arm64", null, Monday));
        await setup.ScanAsync(repository);
        setup.Handler.Reset();

        var second = await setup.ScanAsync(repository);

        Assert.Equal(6, second.Images.Count);
        Assert.Equal(["GET /v2/" + repository.Repository + "/tags/list"], setup.Handler.Requests);
    }

    [Fact]
    public async Task After_the_refresh_interval_a_tag_is_checked_by_HEAD_and_its_interval_doubles()
    {
        using var setup = new Setup(TestOptions.For() with { TagRefreshMinimum = TimeSpan.FromMinutes(5), TagRefreshMaximum = TimeSpan.FromHours(1) });
        var repository = fixture.NewRepository();
        await TestImages.PushImageAsync(setup.Client, repository, "1.0", created: Monday);
        await setup.ScanAsync(repository);
        setup.Handler.Reset();

        setup.Time.Advance(TimeSpan.FromMinutes(5));
        await setup.ScanAsync(repository);
        var afterFiveMinutes = setup.Handler.Count("HEAD");
        setup.Time.Advance(TimeSpan.FromMinutes(9));
        await setup.ScanAsync(repository);
        var afterFourteen = setup.Handler.Count("HEAD");
        setup.Time.Advance(TimeSpan.FromMinutes(1));
        await setup.ScanAsync(repository);
        var afterFifteen = setup.Handler.Count("HEAD");

        Assert.Equal(1, afterFiveMinutes);
        Assert.Equal(1, afterFourteen);
        Assert.Equal(2, afterFifteen);
        Assert.Equal(0, setup.Handler.Count("GET", "/manifests/"));
        Assert.Equal(0, setup.Handler.Count("GET", "/blobs/"));
    }

    [Fact]
    public async Task A_tag_that_moves_is_found_by_HEAD_read_once_and_marked_as_moving()
    {
        using var setup = new Setup();
        var repository = fixture.NewRepository();
        await TestImages.PushImageAsync(setup.Client, repository, "master", created: Monday);
        var first = Assert.Single((await setup.ScanAsync(repository)).Images);
        var moved = await TestImages.PushImageAsync(setup.Client, repository, "master", created: Monday.AddHours(1));
        setup.Handler.Reset();

        setup.Time.Advance(setup.Options.TagRefreshMinimum);
        var second = Assert.Single((await setup.ScanAsync(repository)).Images);

        Assert.False(first.Moves);
        Assert.True(second.Moves);
        Assert.Equal(moved, second.Digest);
        Assert.Equal(Monday.AddHours(1), second.Created);
        Assert.Equal(1, setup.Handler.Count("HEAD", "/manifests/master"));
        Assert.Equal(1, setup.Handler.Count("GET", "/manifests/" + moved));
        Assert.Equal(1, setup.Handler.Count("GET", "/blobs/"));
    }

    [Fact]
    public async Task Tags_of_an_image_already_known_by_digest_cost_only_their_manifest()
    {
        using var setup = new Setup();
        var repository = fixture.NewRepository();
        var digest = await TestImages.PushImageAsync(setup.Client, repository, "1.0", created: Monday);
        await setup.ScanAsync(repository);
        var manifest = await setup.Client.GetManifestAsync(repository, "1.0");
        await setup.Client.PushManifestAsync(repository, "stable", manifest.MediaType, manifest.Content);
        setup.Handler.Reset();

        var scan = await setup.ScanAsync(repository);

        Assert.Equal(digest, scan.Images.Single(i => i.Tag == "stable").Digest);
        Assert.Equal(1, setup.Handler.Count("GET", "/manifests/stable"));
        Assert.Equal(0, setup.Handler.Count("GET", "/blobs/"));
    }

    [Fact]
    public async Task A_version_tag_is_never_checked_again_however_long_ago_it_was_read()
    {
        using var setup = new Setup();
        var repository = fixture.NewRepository();
        await TestImages.PushImageAsync(setup.Client, repository, "1.4.2", created: Monday);
        await TestImages.PushImageAsync(setup.Client, repository, "v2.0.0-rc.1", created: Monday);
        await setup.ScanAsync(repository);
        setup.Handler.Reset();

        setup.Time.Advance(setup.Options.TagRefreshMaximum * 4);
        var again = await setup.ScanAsync(repository);

        Assert.Equal(2, again.Images.Count);
        Assert.Equal(["GET /v2/" + repository.Repository + "/tags/list"], setup.Handler.Requests);
    }

    [Fact]
    public async Task A_scan_that_learns_nothing_new_writes_no_cache_file()
    {
        using var setup = new Setup();
        var repository = fixture.NewRepository();
        await TestImages.PushImageAsync(setup.Client, repository, "1.0.0", created: Monday);
        await TestImages.PushImageAsync(setup.Client, repository, "master", created: Monday);
        await setup.ScanAsync(repository);
        var written = setup.CacheFiles();
        await Task.Delay(20); // file times have a resolution; a rewrite must be able to show

        await setup.ScanAsync(repository);

        Assert.Equal(written, setup.CacheFiles());
    }

    [Fact]
    public async Task The_cache_of_several_repositories_is_one_file()
    {
        using var setup = new Setup();
        var first = fixture.NewRepository();
        var second = fixture.NewRepository();
        await TestImages.PushImageAsync(setup.Client, first, "1.0.0", created: Monday);
        await TestImages.PushIndexAsync(setup.Client, second, "multi", ("amd64", null, Monday), ("arm64", null, Monday));

        await setup.ScanAsync(first);
        await setup.ScanAsync(second);

        Assert.Equal(["registry-cache.json"], setup.CacheFiles().Keys);
    }

    static TagNeeds Choose(string filter, params string[] rejected) => TagNeeds.Choose([TagPolicy.Parse(filter)], rejected.ToHashSet());

    static async Task PushVersionsAsync(Setup setup, ImageReference repository, params string[] tags)
    {
        for (var i = 0; i < tags.Length; i++)
            await TestImages.PushImageAsync(setup.Client, repository, tags[i], created: Monday.AddMinutes(i));
    }

    [Fact]
    public async Task A_semver_policy_costs_the_tag_list_and_the_manifest_of_the_tag_it_chooses()
    {
        using var setup = new Setup();
        var repository = fixture.NewRepository();
        await PushVersionsAsync(setup, repository, [.. Enumerable.Range(0, 12).Select(i => $"1.0.{i}"), "2.0.0", "master", "latest"]);
        setup.Handler.Reset();

        var scan = await setup.ScanAsync(repository, Choose("semver:^1.0"));

        Assert.Equal("1.0.11", Assert.Single(scan.Images).Tag);
        Assert.Equal(["GET /v2/" + repository.Repository + "/tags/list", "GET /v2/" + repository.Repository + "/manifests/1.0.11"], setup.Handler.Requests);
    }

    [Fact]
    public async Task A_version_policy_asks_only_the_tag_list_of_later_cycles_within_and_after_the_refresh_interval()
    {
        using var setup = new Setup();
        var repository = fixture.NewRepository();
        await PushVersionsAsync(setup, repository, "1.0.0", "1.1.0", "1.2.0");
        await setup.ScanAsync(repository, Choose("semver:~1"));
        setup.Handler.Reset();

        var within = await setup.ScanAsync(repository, Choose("semver:~1"));
        setup.Time.Advance(setup.Options.TagRefreshMaximum * 2);
        var after = await setup.ScanAsync(repository, Choose("semver:~1"));

        Assert.Equal("1.2.0", Assert.Single(within.Images).Tag);
        Assert.Equal("1.2.0", Assert.Single(after.Images).Tag);
        Assert.Equal(2, setup.Handler.Count("GET", "/tags/list"));
        Assert.Equal(2, setup.Handler.Requests.Count);
    }

    [Fact]
    public async Task A_rejected_best_tag_is_read_with_the_next_one_so_the_plan_can_say_it_passed_it_over()
    {
        using var setup = new Setup();
        var repository = fixture.NewRepository();
        await PushVersionsAsync(setup, repository, "1.0.0", "1.1.0", "1.2.0");
        setup.Handler.Reset();

        var scan = await setup.ScanAsync(repository, Choose("semver:~1", "1.2.0"));

        Assert.Equal(["1.1.0", "1.2.0"], scan.Images.Select(i => i.Tag).Order());
        Assert.Equal(2, setup.Handler.Count("GET", "/manifests/"));
    }

    [Fact]
    public async Task A_newest_tag_whose_manifest_cannot_be_read_gives_way_to_the_next()
    {
        using var setup = new Setup();
        var repository = fixture.NewRepository();
        await PushVersionsAsync(setup, repository, "1.0.0", "1.1.0");
        setup.Handler.ReplaceBody = request => request.RequestUri!.AbsolutePath.EndsWith("/manifests/1.1.0", StringComparison.Ordinal)
            ? Encoding.UTF8.GetBytes("""{"schemaVersion":2,"layers":[]}""")
            : null;

        var scan = await setup.ScanAsync(repository, Choose("semver:*"));

        Assert.Equal("1.0.0", Assert.Single(scan.Images).Tag);
        Assert.Equal("1.1.0", Assert.Single(scan.Problems).Tag);
    }

    [Fact]
    public async Task A_build_time_policy_dates_only_the_tags_it_matches_and_each_only_once()
    {
        using var setup = new Setup();
        var repository = fixture.NewRepository();
        await PushVersionsAsync(setup, repository, "main-1", "main-2", "1.0.0", "1.1.0", "feature-x");
        setup.Handler.Reset();

        var first = await setup.ScanAsync(repository, Choose("glob:main-*"));
        var firstManifests = setup.Handler.Count("GET", "/manifests/");
        var firstBlobs = setup.Handler.Count("GET", "/blobs/");
        setup.Handler.Reset();
        var second = await setup.ScanAsync(repository, Choose("glob:main-*"));

        Assert.Equal(["main-1", "main-2"], first.Images.Select(i => i.Tag).Order());
        Assert.All(first.Images, i => Assert.NotNull(i.Created));
        Assert.Equal((2, 2), (firstManifests, firstBlobs));
        Assert.Equal(2, second.Images.Count);
        Assert.Equal(["GET /v2/" + repository.Repository + "/tags/list"], setup.Handler.Requests);
    }

    [Fact]
    public async Task A_followed_moving_tag_is_checked_by_HEAD_after_its_interval()
    {
        using var setup = new Setup();
        var repository = fixture.NewRepository();
        await PushVersionsAsync(setup, repository, "1.0.0", "latest");
        await setup.ScanAsync(repository, Choose("digest:latest"));
        var moved = await TestImages.PushImageAsync(setup.Client, repository, "latest", created: Monday.AddHours(1));
        setup.Handler.Reset();

        setup.Time.Advance(setup.Options.TagRefreshMinimum);
        var scan = await setup.ScanAsync(repository, Choose("digest:latest"));

        Assert.Equal(moved, Assert.Single(scan.Images).Digest);
        Assert.Equal(1, setup.Handler.Count("HEAD", "/manifests/latest"));
        Assert.Equal(0, setup.Handler.Count("GET", "/blobs/"));
    }
}
