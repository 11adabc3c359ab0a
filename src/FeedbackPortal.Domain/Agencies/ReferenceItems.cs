namespace FeedbackPortal.Domain.Agencies;

/// <summary>A subject field (lĩnh vực) a submitter picks; codes from categories.json.</summary>
public sealed class Field
{
    private Field()
    {
        Code = NameVi = NameEn = DefaultAgencyCode = string.Empty;
    }

    public Field(string code, string nameVi, string nameEn, string defaultAgencyCode, bool local)
    {
        Code = code;
        NameVi = nameVi;
        NameEn = nameEn;
        DefaultAgencyCode = defaultAgencyCode;
        Local = local;
    }

    public string Code { get; private set; }
    public string NameVi { get; private set; }
    public string NameEn { get; private set; }
    public string DefaultAgencyCode { get; private set; }

    /// <summary>When true, a submission naming a province goes to that province's People's Committee.</summary>
    public bool Local { get; private set; }

    public int SortOrder { get; private set; }

    public string Name(string language) => language == "en" ? NameEn : NameVi;

    public void Update(string nameVi, string nameEn, string defaultAgencyCode, bool local, int sortOrder)
    {
        NameVi = nameVi;
        NameEn = nameEn;
        DefaultAgencyCode = defaultAgencyCode;
        Local = local;
        SortOrder = sortOrder;
    }
}

/// <summary>One of the six Systems of the Resolution 57 action plan, classifying initiatives.</summary>
public sealed class StrategicSystem
{
    private StrategicSystem()
    {
        Code = NameVi = NameEn = string.Empty;
    }

    public StrategicSystem(string code, string nameVi, string nameEn)
    {
        Code = code;
        NameVi = nameVi;
        NameEn = nameEn;
    }

    public string Code { get; private set; }
    public string NameVi { get; private set; }
    public string NameEn { get; private set; }

    public string Name(string language) => language == "en" ? NameEn : NameVi;

    public void Update(string nameVi, string nameEn)
    {
        NameVi = nameVi;
        NameEn = nameEn;
    }
}
