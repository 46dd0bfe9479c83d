using Pipelines.Docker;

namespace Pipelines.Tests.Docker;

public sealed class PushedImageTests
{
    [Fact]
    public void What_PushImage_writes_SetImage_reads_back_as_a_pinned_reference()
    {
        var temp = Directory.CreateTempSubdirectory("pipelines-pushed-").FullName;
        try
        {
            Assert.Null(PushedImage.Read(temp));
            var digest = "sha256:" + new string('a', 64);
            new PushedImage("registry.example.com/team/app", "7f511af", digest).Write(temp);

            var read = PushedImage.Read(temp);

            Assert.Equal($"registry.example.com/team/app:7f511af@{digest}", read?.Reference);
            Assert.Contains("\"image\": \"registry.example.com/team/app\"", File.ReadAllText(Path.Combine(temp, "image.json")));
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }

    [Fact]
    public void A_damaged_file_is_an_error_that_says_what_to_do()
    {
        var temp = Directory.CreateTempSubdirectory("pipelines-pushed-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(temp, "image.json"), "{ not json");
            var error = Assert.Throws<FormatException>(() => PushedImage.Read(temp));
            Assert.Contains("run PushImage again, or pass --image", error.Message);
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }
}
